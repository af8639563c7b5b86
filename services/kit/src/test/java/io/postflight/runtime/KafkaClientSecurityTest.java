package io.postflight.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSecurityTest {
    private static final String SECRET = "s3cr\"et\\pw";

    @TempDir
    Path dir;

    @Test
    void theDefaultLeavesTheKafkaClientSettingsAsTheyAre() {
        Properties p = KafkaClientSecurity.settings(config("PLAINTEXT", null, null, null, null));

        assertThat(p).isEmpty();
    }

    @Test
    void saslSslReadsThePasswordFromItsFileAndTrustsThePemCertificates() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), SECRET + "\n");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");

        Properties p = KafkaClientSecurity.settings(config("SASL_SSL", "postflight-health", null, password, ca));

        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.truststore.location", ca.toString());
        // The quote and the backslash are escaped: a password cannot close the JAAS option and add its own.
        assertThat(p.getProperty("sasl.jaas.config")).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule"
                + " required username=\"postflight-health\" password=\"s3cr\\\"et\\\\pw\";");
    }

    @Test
    void saslWithoutAPasswordStopsStartUpNamingTheSettingsToSet() {
        assertThatThrownBy(() -> KafkaClientSecurity.settings(config("SASL_SSL", "postflight-health", null, null, null)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("postflight.kafka.security.password-file")
                .hasMessageContaining("POSTFLIGHT_KAFKA_SECURITY_PASSWORD");
        assertThatThrownBy(() -> KafkaClientSecurity.settings(config("SASL_SSL", null, SECRET, null, null)))
                .hasMessageContaining("postflight.kafka.security.username");
    }

    @Test
    void noErrorMessageAndNoToStringCarriesTheSecret() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), SECRET);
        KafkaSecurityConfig both = config("SASL_SSL", "postflight-health", SECRET, password, null);
        KafkaSecurityConfig missing = config("SASL_SSL", "u", null, dir.resolve("absent"), null);

        assertThatThrownBy(() -> KafkaClientSecurity.settings(both)).message().doesNotContain(SECRET);
        assertThatThrownBy(() -> KafkaClientSecurity.settings(missing)).message()
                .contains("password-file").contains("absent").doesNotContain(SECRET);
        assertThat(both.toString()).doesNotContain(SECRET).contains("password=(set)");
    }

    @Test
    void aKafkaSettingThatWouldWeakenOneClientStopsStartUp() {
        Properties streams = new Properties();
        streams.put("bootstrap.servers", "kafka:9093");
        streams.put("producer.security.protocol", "PLAINTEXT");
        Properties noHostCheck = new Properties();
        noHostCheck.put("main.consumer.ssl.endpoint.identification.algorithm", "https");
        Properties blankHostCheck = new Properties();
        blankHostCheck.put("ssl.endpoint.identification.algorithm", "");

        assertThatThrownBy(() -> KafkaClientSecurity.refuseWeakening(streams))
                .hasMessageContaining("kafka.producer.security.protocol");
        assertThatThrownBy(() -> KafkaClientSecurity.refuseWeakening(noHostCheck))
                .hasMessageContaining("main.consumer.ssl.endpoint.identification.algorithm");
        assertThatThrownBy(() -> KafkaClientSecurity.refuseWeakening(blankHostCheck))
                .hasMessageContaining("kafka.ssl.endpoint.identification.algorithm");
        KafkaClientSecurity.refuseWeakening(new Properties());
    }

    @Test
    void aPasswordFileLosesOnlyItsLineEndAndALineBreakInsideIsRefusedWithoutEchoingIt() throws Exception {
        Path spaced = Files.writeString(dir.resolve("spaced"), "  padded pw\r\n");
        Path broken = Files.writeString(dir.resolve("broken"), "FIRSTPART\nSECONDPART-x9\n");

        assertThat(KafkaClientSecurity.settings(config("SASL_SSL", "u", null, spaced, null))
                .getProperty("sasl.jaas.config")).contains("password=\"  padded pw\";");
        assertThatThrownBy(() -> KafkaClientSecurity.settings(config("SASL_SSL", "u", null, broken, null)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("control character")
                .message().doesNotContain("SECONDPART").doesNotContain("FIRSTPART");
    }

    @Test
    void aSecretTypedWhereItsFilesPathBelongsIsNotEchoed() {
        KafkaSecurityConfig typed = config("SASL_SSL", "postflight-health", null, Path.of("S3cr3t-typed-pw"), null);

        assertThatThrownBy(() -> KafkaClientSecurity.settings(typed))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("password-file")
                .hasMessageNotContaining("S3cr3t-typed-pw");
        Path missing = dir.resolve("missing").toAbsolutePath();
        assertThatThrownBy(() -> KafkaClientSecurity.settings(config("SASL_SSL", "postflight-health", null, missing,
                null))).hasMessageContaining(missing.toString());
    }

    private static KafkaSecurityConfig config(String protocol, String user, String password, Path passwordFile,
                                              Path truststore) {
        return new KafkaSecurityConfig(protocol, "SCRAM-SHA-512", user, password, passwordFile, truststore, null);
    }
}
