package io.postflight.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;

/**
 * How every Kafka client of a service authenticates and encrypts ({@code postflight.kafka.security.*}):
 * TLS to the brokers and SASL SCRAM (or PLAIN) credentials. Secrets come from mounted files or the
 * environment, never from a configuration file in the image: {@code password-file} (a Kubernetes
 * Secret mounted as a file) or {@code POSTFLIGHT_KAFKA_SECURITY_PASSWORD}. {@link #toString()}
 * names no secret, so that no error message or log line can print one.
 *
 * @param protocol {@code PLAINTEXT} (default), {@code SSL}, {@code SASL_SSL} or {@code SASL_PLAINTEXT}
 * @param saslMechanism {@code SCRAM-SHA-512} (default), {@code SCRAM-SHA-256} or {@code PLAIN}
 * @param username the SASL user (one per service, so that ACLs can tell them apart)
 * @param password the SASL password, from the environment; prefer {@code passwordFile}
 * @param passwordFile a file holding the SASL password (trailing newline ignored)
 * @param truststoreFile the CA certificates the brokers' certificates are checked against, PEM
 *     ({@code .pem}, {@code .crt}) or PKCS12 ({@code .p12}, {@code .pfx}); unset: the JVM's own CAs
 * @param truststorePasswordFile a file holding the PKCS12 truststore's password
 */
@ConfigurationProperties(KafkaSecurityConfig.PREFIX)
public record KafkaSecurityConfig(
        @NotNull @Bindable(defaultValue = "PLAINTEXT")
        @Pattern(regexp = "PLAINTEXT|SSL|SASL_SSL|SASL_PLAINTEXT",
                message = "postflight.kafka.security.protocol must be PLAINTEXT, SSL, SASL_SSL or SASL_PLAINTEXT")
        String protocol,
        @NotNull @Bindable(defaultValue = "SCRAM-SHA-512")
        @Pattern(regexp = "SCRAM-SHA-512|SCRAM-SHA-256|PLAIN",
                message = "postflight.kafka.security.sasl-mechanism must be SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN")
        String saslMechanism,
        @Nullable String username,
        @Nullable String password,
        @Nullable Path passwordFile,
        @Nullable Path truststoreFile,
        @Nullable Path truststorePasswordFile) {

    public static final String PREFIX = "postflight.kafka.security";

    public boolean sasl() {
        return protocol.startsWith("SASL_");
    }

    public boolean tls() {
        return protocol.endsWith("SSL");
    }

    @Override
    public String toString() {
        return "KafkaSecurityConfig[protocol=" + protocol + ", saslMechanism=" + saslMechanism
                + ", username=" + username + ", password=" + (password == null ? "unset" : "(set)")
                + ", passwordFile=" + passwordFile + ", truststoreFile=" + truststoreFile
                + ", truststorePasswordFile=" + truststorePasswordFile + "]";
    }
}
