package io.postflight.contracts.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArtifactCoordinatesTest {

    private static final String DIGEST = "sha256:0feb10e9c82f2c657fe96a40d800f2cd3fde09cf15f687e8dc6104e67732e218";
    private static final String ENCODED = DIGEST.replace(":", "%3A");

    @Test
    void ociPurlWithEncodedDigestAndTag() {
        assertThat(ArtifactCoordinates.parse("pkg:oci/checkout@" + ENCODED
                + "?repository_url=registry.example.com/shop/checkout&tag=1.4.2"))
                .isEqualTo(new ArtifactCoordinates("checkout", "1.4.2", DIGEST));
    }

    @Test
    void ociPurlWithUnencodedDigestAndNoTagHasOnlyTheDigest() {
        assertThat(ArtifactCoordinates.parse("pkg:oci/checkout@" + DIGEST))
                .isEqualTo(new ArtifactCoordinates("checkout", null, DIGEST));
    }

    @Test
    void purlWhoseVersionIsNotADigest() {
        assertThat(ArtifactCoordinates.parse("pkg:maven/org.example/shop-api@2.3.0?type=jar"))
                .isEqualTo(new ArtifactCoordinates("shop-api", "2.3.0", null));
        assertThat(ArtifactCoordinates.parse("pkg:npm/%40example/web@1.0.0-beta%2B7#dist"))
                .isEqualTo(new ArtifactCoordinates("web", "1.0.0-beta+7", null));
    }

    @Test
    void aVersionQualifierWhenThereIsNoTag() {
        assertThat(ArtifactCoordinates.parse("pkg:oci/checkout@" + ENCODED + "?version=1.4.2"))
                .isEqualTo(new ArtifactCoordinates("checkout", "1.4.2", DIGEST));
        assertThat(ArtifactCoordinates.parse("pkg:oci/checkout@" + ENCODED + "?version=1.4.2&tag=v1.4.2"))
                .isEqualTo(new ArtifactCoordinates("checkout", "v1.4.2", DIGEST));
    }

    @Test
    void gitPurlKeepsTheCommitAsVersion() {
        assertThat(ArtifactCoordinates.parse("pkg:git/github.com/example/shop@3f2a1cd9e4b7"))
                .isEqualTo(new ArtifactCoordinates("shop", "3f2a1cd9e4b7", null));
    }

    @Test
    void plusStaysPlusAndMultiByteEscapesDecode() {
        assertThat(ArtifactCoordinates.percentDecode("1.0+build%2B7")).isEqualTo("1.0+build+7");
        assertThat(ArtifactCoordinates.percentDecode("caf%C3%A9")).isEqualTo("café");
        assertThat(ArtifactCoordinates.percentDecode("100%")).isEqualTo("100%");
    }

    @Test
    void imageReferences() {
        assertThat(ArtifactCoordinates.parse("registry.example.com:5000/shop/cart:7.3.1@" + DIGEST))
                .isEqualTo(new ArtifactCoordinates("cart", "7.3.1", DIGEST));
        assertThat(ArtifactCoordinates.parse("nginx:1.27")).isEqualTo(new ArtifactCoordinates("nginx", "1.27", null));
        assertThat(ArtifactCoordinates.parse("registry.example.com:5000/shop/cart"))
                .isEqualTo(new ArtifactCoordinates("cart", null, null));
        assertThat(ArtifactCoordinates.parse("mycr.io/shop/cart@" + DIGEST))
                .isEqualTo(new ArtifactCoordinates("cart", null, DIGEST));
    }

    @Test
    void absentOrEmpty() {
        assertThat(ArtifactCoordinates.parse(null)).isEqualTo(ArtifactCoordinates.NONE);
        assertThat(ArtifactCoordinates.parse("")).isEqualTo(ArtifactCoordinates.NONE);
    }
}
