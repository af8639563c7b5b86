package io.postflight.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * A real single-node KRaft broker inside this JVM whose client listener speaks {@code SASL_SSL}, as
 * a production cluster does: TLS with a certificate made for this run (by the JDK's
 * {@code keytool}, for {@code localhost}), and SCRAM-SHA-512 users created through the broker's own
 * admin API. The broker talks to itself as user {@code broker} over SASL PLAIN. Nothing here is a
 * fixed secret: every password and key is generated at start.
 */
public final class SecuredKafka implements AutoCloseable {
    private static final String BROKER_USER = "broker";

    private final KafkaClusterTestKit cluster;
    private final Path caCertificate;
    private final String brokerPassword;

    private SecuredKafka(KafkaClusterTestKit cluster, Path caCertificate, String brokerPassword) {
        this.cluster = cluster;
        this.caCertificate = caCertificate;
        this.brokerPassword = brokerPassword;
    }

    /** Makes the certificate in {@code work}, formats and starts the broker; returns once it accepts clients. */
    public static SecuredKafka start(Path work) throws Exception {
        return start(work, false);
    }

    /**
     * As {@link #start(Path)}; with {@code authorize}, the broker also enforces ACLs (KRaft's
     * {@code StandardAuthorizer}, nothing allowed without an ACL but to {@code broker}).
     */
    public static SecuredKafka start(Path work, boolean authorize) throws Exception {
        String storePassword = UUID.randomUUID().toString();
        String brokerPassword = UUID.randomUUID().toString();
        Path keystore = work.resolve("broker.p12");
        Path ca = work.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", storePassword, "-keypass", storePassword);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(),
                "-storepass", storePassword, "-file", ca.toString());

        Map<String, String> secured = new HashMap<>();
        secured.put("listener.security.protocol.map", "EXTERNAL:SASL_SSL,CONTROLLER:PLAINTEXT");
        secured.put("sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
        secured.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        secured.put("listener.name.external.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + BROKER_USER
                        + "\" password=\"" + brokerPassword + "\" user_" + BROKER_USER + "=\"" + brokerPassword + "\";");
        secured.put("listener.name.external.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        secured.put("ssl.keystore.type", "PKCS12");
        secured.put("ssl.keystore.location", keystore.toString());
        secured.put("ssl.keystore.password", storePassword);
        secured.put("ssl.key.password", storePassword);
        secured.put("ssl.truststore.type", "PEM");
        secured.put("ssl.truststore.location", ca.toString());
        if (authorize) {
            secured.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            secured.put("super.users", "User:" + BROKER_USER + ";User:ANONYMOUS");
            secured.put("allow.everyone.if.no.acl.found", "false");
        }

        TestKitNodes.Builder nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1);
        Map<Integer, Map<String, String>> perServer = new HashMap<>();
        nodes.build().brokerNodes().keySet().forEach(id -> perServer.put(id, secured));
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.setPerServerProperties(perServer)
                .build());
        EmbeddedKafka.SINGLE_NODE.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        SecuredKafka kafka = new SecuredKafka(cluster, ca, brokerPassword);
        EmbeddedKafka.awaitBroker(kafka.adminProperties(), Duration.ofSeconds(60));
        return kafka;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The CA certificate (PEM) clients check the broker's certificate against. */
    public Path caCertificate() {
        return caCertificate;
    }

    /** Creates (or changes) a SCRAM-SHA-512 user. */
    public void scramUser(String user, String password) throws Exception {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Client settings of a SCRAM user: what a Postflight service is configured with. */
    public Properties clientProperties(String user, String password) {
        Properties p = tls();
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return p;
    }

    /** Client settings of the broker's own super user, for set-up and for reading topics in tests. */
    public Properties adminProperties() {
        Properties p = tls();
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + BROKER_USER + "\" password=\"" + brokerPassword + "\";");
        return p;
    }

    private Properties tls() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("security.protocol", "SASL_SSL");
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", caCertificate.toString());
        return p;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
