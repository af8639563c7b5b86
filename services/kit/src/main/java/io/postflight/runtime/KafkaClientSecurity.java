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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KafkaClientSecurity.class);
    private final Properties settings;

    public KafkaClientSecurity(KafkaSecurityConfig config) {
        this.settings = settings(config);
    }

    @Override
    public AbstractKafkaConfiguration<?, ?> onCreated(BeanCreatedEvent<AbstractKafkaConfiguration<?, ?>> event) {
        Properties config = event.getBean().getConfig();
        if (!settings.isEmpty()) {
            refuseWeakening(config);
        }
        config.putAll(settings);
        return event.getBean();
    }

    /**
     * Kafka Streams lets a prefixed key ({@code producer.security.protocol},
     * {@code main.consumer.ssl.endpoint.identification.algorithm}) win over the unprefixed one, so
     * one stray {@code kafka.*} setting could put a single client back on plaintext or switch off
     * host-name checks without a word. With {@code postflight.kafka.security.*} in charge, any such
     * key, and an unprefixed one that turns host-name verification off, stops the start-up.
     */
    static void refuseWeakening(Properties config) {
        for (Object k : config.keySet()) {
            String key = String.valueOf(k);
            for (String guarded : GUARDED) {
                boolean prefixed = key.endsWith("." + guarded) && !key.equals(guarded);
                boolean noHostCheck = key.equals("ssl.endpoint.identification.algorithm")
                        && String.valueOf(config.get(k)).isBlank();
                if (prefixed || (guarded.equals(key) && noHostCheck)) {
                    throw new ConfigurationException("kafka." + key + " would override "
                            + KafkaSecurityConfig.PREFIX + ".* for one Kafka client; remove it");
                }
            }
        }
    }

    private static final java.util.List<String> GUARDED = java.util.List.of("security.protocol", "sasl.mechanism",
            "sasl.jaas.config", "ssl.truststore.location", "ssl.truststore.type", "ssl.truststore.password",
            "ssl.truststore.certificates", "ssl.endpoint.identification.algorithm");

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
            printable(config.username(), "username");
            printable(password, "password");
            if (config.protocol().equals("SASL_PLAINTEXT")) {
                LOG.warn("{}.protocol is SASL_PLAINTEXT: the Kafka traffic is not encrypted{}",
                        KafkaSecurityConfig.PREFIX, config.saslMechanism().equals("PLAIN")
                                ? ", and with PLAIN the password crosses the network in clear" : "");
            }
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

    /** A control character (a line break in a password file) would break the JAAS line and echo the rest. */
    private static void printable(String value, String setting) {
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigurationException(KafkaSecurityConfig.PREFIX + "." + setting
                    + " contains a control character (a line break?); remove it");
        }
    }

    private static String read(Path file, String setting) {
        try {
            String content = Files.readString(readable(file, setting), StandardCharsets.UTF_8);
            // Only the one line end an editor or `echo` adds; anything else is part of the secret.
            return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (IOException e) {
            throw new ConfigurationException(KafkaSecurityConfig.PREFIX + "." + setting + ": cannot read "
                    + shown(file) + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Path readable(Path file, String setting) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigurationException(KafkaSecurityConfig.PREFIX + "." + setting + ": " + shown(file)
                    + " is not a readable file");
        }
        return file;
    }

    /**
     * A file setting's value as an error may show it: an absolute path is, a relative one is not,
     * since a secret typed where its file's path belongs would otherwise land in the log.
     */
    private static String shown(Path file) {
        return file.isAbsolute() ? file.toString()
                : "the value given (not shown: it is not an absolute path; is it the secret itself?)";
    }
}
