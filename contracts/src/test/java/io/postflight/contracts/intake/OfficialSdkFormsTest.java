package io.postflight.contracts.intake;

import static io.postflight.contracts.intake.IntakeFixtures.decode;
import static io.postflight.contracts.intake.IntakeFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.DeploymentRef;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Events in the exact form the official CDEvents SDKs emit them today, sent through the
 * CloudEvents Kafka binding in both modes:
 * <ul>
 *   <li>cdevents/sdk-java 0.3.1 ({@code CDEvents.cdEventAsCloudEvent}): CloudEvents spec
 *       <b>0.3</b>, a fresh random CloudEvent id (not the CDEvent's), {@code time} now,
 *       {@code datacontenttype application/json}; the CDEvent is spec 0.4.1 (service.deployed 0.2.0)
 *       with {@code subject.type}, an empty {@code customData} object and
 *       {@code customDataContentType}, and a timestamp without fractions;</li>
 *   <li>cdevents/sdk-go ({@code api.AsCloudEvent}, package v05): CloudEvents spec <b>1.0</b>, the
 *       CloudEvent id is the CDEvent's, CloudEvent {@code subject} is {@code subject.id}, no
 *       {@code time}; the CDEvent is spec 0.5.1 (service.deployed 0.3.0), no {@code subject.type},
 *       a nanosecond timestamp.</li>
 * </ul>
 * In each, {@code subject.id} is {@code checkout/production} in environment {@code production}
 * and the artifact is pinned by digest only.
 */
class OfficialSdkFormsTest {

    private static final String HEX = "0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427";
    private static final String ARTIFACT = "pkg:oci/checkout@sha256%3A" + HEX + "?repository_url=mycr.io/shop/checkout";

    /** What sdk-java's Jackson mapper writes for a ServiceDeployedCDEvent (NON_NULL, fields in its order). */
    static String javaSdkCdEvent(String contextId) {
        return "{\"context\":{\"version\":\"0.4.1\",\"id\":\"" + contextId + "\",\"source\":\"http://argocd.shop\","
                + "\"type\":\"dev.cdevents.service.deployed.0.2.0\",\"timestamp\":\"2026-11-27T10:00:00Z\"},"
                + "\"subject\":{\"id\":\"checkout/production\",\"source\":\"argocd/shop\",\"type\":\"service\","
                + "\"content\":{\"environment\":{\"id\":\"production\",\"source\":\"argocd/shop\"},"
                + "\"artifactId\":\"" + ARTIFACT + "\"}},"
                + "\"customData\":{},\"customDataContentType\":\"application/json\"}";
    }

    /** What sdk-go's encoding/json writes for a v05 ServiceDeployedEvent (omitempty fields dropped). */
    static String goSdkCdEvent(String contextId) {
        return "{\"context\":{\"specversion\":\"0.5.1\",\"id\":\"" + contextId + "\",\"source\":\"/argocd/shop\","
                + "\"type\":\"dev.cdevents.service.deployed.0.3.0\",\"timestamp\":\"2026-11-27T10:00:00.123456789Z\"},"
                + "\"subject\":{\"id\":\"checkout/production\",\"source\":\"/argocd/shop\","
                + "\"content\":{\"artifactId\":\"" + ARTIFACT + "\",\"environment\":{\"id\":\"production\"}}}}";
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"STRUCTURED", "BINARY"})
    void javaSdkCloudEvents03(Encoding mode) {
        String contextId = UUID.randomUUID().toString();
        CloudEvent ce = new io.cloudevents.core.v03.CloudEventBuilder()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("http://argocd.shop"))
                .withType("dev.cdevents.service.deployed.0.2.0")
                .withDataContentType("application/json")
                .withData(utf8(javaSdkCdEvent(contextId)))
                .withTime(OffsetDateTime.parse("2026-11-27T10:00:00.5+01:00"))
                .build();

        DeployEvent event = sent(ce, mode);

        // sdk-java mints the CloudEvent id apart from the CDEvent's: the envelope's id names the deployment.
        assertThat(event.deployment()).isEqualTo(new DeploymentRef(ce.getId(), "checkout", "production",
                "sha256:" + HEX, "sha256:" + HEX, null));
        assertThat(event.event().id()).isEqualTo(ce.getId());
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"STRUCTURED", "BINARY"})
    void goSdkCloudEvents10(Encoding mode) {
        String contextId = UUID.randomUUID().toString();
        CloudEvent ce = CloudEventBuilder.v1()
                .withId(contextId)
                .withSource(URI.create("/argocd/shop"))
                .withSubject("checkout/production")
                .withType("dev.cdevents.service.deployed.0.3.0")
                .withDataContentType("application/json")
                .withData(utf8(goSdkCdEvent(contextId)))
                .build();

        DeployEvent event = sent(ce, mode);

        assertThat(event.deployment()).isEqualTo(new DeploymentRef(contextId, "checkout", "production",
                "sha256:" + HEX, "sha256:" + HEX, null));
        assertThat(event.event().time()).isEqualTo(java.time.Instant.parse("2026-11-27T10:00:00.123456789Z"));
    }

    /** Through the CloudEvents Kafka serializer, as a producer using the binding writes the record. */
    private static DeployEvent sent(CloudEvent ce, Encoding mode) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value;
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, mode,
                    CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE), false);
            value = serializer.serialize("postflight.deploy-events", headers, ce);
        }
        Map<String, String> asRead = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header h : headers) {
            asRead.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        if (mode == Encoding.STRUCTURED) {
            assertThat(asRead.get("content-type")).startsWith("application/cloudevents+json");
        } else {
            assertThat(asRead).containsKey("ce_specversion");
        }
        return decode(asRead, value);
    }
}
