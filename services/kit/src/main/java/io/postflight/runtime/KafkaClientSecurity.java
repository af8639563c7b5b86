package io.postflight.runtime;

import io.micronaut.configuration.kafka.config.AbstractKafkaConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Puts {@link KafkaSecurityConfig} into every Kafka client configuration of the service (Kafka
 * Streams, the admin client that provisions topics, the HTTP intake's and the dead-letter
 * producers, which copy the default configuration), so that no client can be left on plaintext.
 * Secrets are read once, at start-up: a rotated password takes a restart. A configuration that
 * cannot work (SASL without a user or password, an unreadable file) stops the start-up with the
 * setting to fix; the message names files, never their contents. Kafka itself prints
 * {@code sasl.jaas.config} and passwords as {@code [hidden]}.
 */
@Singleton
public class KafkaClientSecurity implements BeanCreatedEventListener<AbstractKafkaConfiguration<?, ?>> {
    private final Properties settings;

    public KafkaClientSecurity(KafkaSecurityConfig config) {
        this.settings = settings(config);
    }

    @Override
    public AbstractKafkaConfiguration<?, ?> onCreated(BeanCreatedEvent<AbstractKafkaConfiguration<?, ?>> event) {
        event.getBean().getConfig().putAll(settings);
        return event.getBean();
    }

    /** The Kafka client settings {@code config} stands for. */
    static Properties settings(KafkaSecurityConfig config) {
        Properties p = new Properties();
        if (config.protocol().equals("PLAINTEXT")) {
            // Unset: what kafka.* says stays (an installation that set kafka.security.protocol keeps it).
            return p;
        }
        p.put("security.protocol", config.protocol());
        if (config.sasl()) {
            if (config.username() == null || config.username().isBlank()) {
                throw new ConfigurationException(KafkaSecurityConfig.PREFIX + ".username is required with "
                        + config.protocol());
            }
            String password = password(config);
            p.put("sasl.mechanism", config.saslMechanism());
            p.put("sasl.jaas.config", jaas(config.saslMechanism(), config.username(), password));
        }
        if (config.tls() && config.truststoreFile() != null) {
            Path truststore = readable(config.truststoreFile(), "truststore-file");
            p.put("ssl.truststore.location", truststore.toString());
            String name = truststore.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                p.put("ssl.truststore.type", "PKCS12");
                if (config.truststorePasswordFile() != null) {
                    p.put("ssl.truststore.password", read(config.truststorePasswordFile(), "truststore-password-file"));
                }
            } else {
                p.put("ssl.truststore.type", "PEM");
            }
        }
        return p;
    }

    private static String password(KafkaSecurityConfig config) {
        if (config.passwordFile() != null && config.password() != null) {
            throw new ConfigurationException(KafkaSecurityConfig.PREFIX + ".password-file and "
                    + KafkaSecurityConfig.PREFIX + ".password (POSTFLIGHT_KAFKA_SECURITY_PASSWORD) are both set:"
                    + " set one");
        }
        String password = config.passwordFile() != null ? read(config.passwordFile(), "password-file")
                : config.password();
        if (password == null || password.isEmpty()) {
            throw new ConfigurationException(KafkaSecurityConfig.PREFIX + ".password-file (or the environment"
                    + " variable POSTFLIGHT_KAFKA_SECURITY_PASSWORD) is required with " + config.protocol());
        }
        return password;
    }

    private static String jaas(String mechanism, String username, String password) {
        String module = mechanism.startsWith("SCRAM") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                : "org.apache.kafka.common.security.plain.PlainLoginModule";
        return module + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password) + "\";";
    }

    /** JAAS quoting: a backslash or a double quote in a value is escaped, so a password cannot end the option. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String read(Path file, String setting) {
        try {
            return Files.readString(readable(file, setting), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConfigurationException(KafkaSecurityConfig.PREFIX + "." + setting + ": cannot read " + file
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Path readable(Path file, String setting) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigurationException(KafkaSecurityConfig.PREFIX + "." + setting + ": " + file
                    + " is not a readable file");
        }
        return file;
    }
}
