package io.postflight.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay renders, and what it renders is deployable as shipped: each service is a
 * StatefulSet with a state volume, hardened containers, probes and resources, running the image
 * and main class the build makes, behind deny-by-default network policies, scraped and alerted on
 * through the Prometheus Operator.
 */
class ManifestsTest {

    static final List<String> SERVICES =
            List.of("gateway", "health-verifier", "baseline-verifier", "drift-verifier", "decision-engine",
                    "verdict-api", "discovery");

    /** The one service that reads the Kubernetes API, under its own account (ADR 0029 §9). */
    static final String DISCOVERY = "postflight-discovery";

    /** The verdict API's health and metrics port, apart from its API on 8080. */
    static final int VERDICT_API_MANAGEMENT_PORT = 8081;

    static List<String> overlays() {
        return RenderedOverlays.OVERLAYS;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceIsAStatefulSetWithItsStateOnAVolume(String overlay) {
        List<HasMetadata> objects = RenderedOverlays.render(overlay);
        for (String service : SERVICES) {
            StatefulSet set = find(objects, StatefulSet.class, "postflight-" + service);
            assertThat(set.getSpec().getVolumeClaimTemplates()).as(service)
                    .anySatisfy(pvc -> assertThat(pvc.getMetadata().getName()).isEqualTo("state"));
            Container container = set.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getVolumeMounts()).as(service)
                    .anySatisfy(m -> assertThat(m.getName()).isEqualTo("state"));
            assertThat(set.getSpec().getTemplate().getSpec().getVolumes()).as(service + ": state on emptyDir")
                    .noneSatisfy(v -> assertThat(v.getName()).isEqualTo("state"));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerIsHardenedProbedAndSized(String overlay) {
        for (StatefulSet set : all(RenderedOverlays.render(overlay), StatefulSet.class)) {
            String name = set.getMetadata().getName();
            PodSpec pod = set.getSpec().getTemplate().getSpec();
            // Tokens and accounts in detail: DiscoveryRbacTest.
            assertThat(pod.getAutomountServiceAccountToken()).as(name).isEqualTo(name.equals(DISCOVERY));
            assertThat(pod.getServiceAccountName()).as(name).isEqualTo(name.equals(DISCOVERY) ? DISCOVERY : "postflight");
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
            for (Container c : pod.getContainers()) {
                assertThat(c.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(name).containsKey("memory");
                assertThat(c.getLivenessProbe()).as(name + " liveness").isNotNull();
                assertThat(c.getReadinessProbe()).as(name + " readiness").isNotNull();
                assertThat(c.getStartupProbe()).as(name + " startup").isNotNull();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void imagesMainClassesAndPortsAreThoseTheBuildMakes(String overlay) throws IOException {
        List<HasMetadata> objects = RenderedOverlays.render(overlay);
        String tag = System.getProperty("postflight.image.tag");
        for (String service : SERVICES) {
            String pom = Files.readString(Tools.root().resolve("services/" + service + "/pom.xml"));
            StatefulSet set = find(objects, StatefulSet.class, "postflight-" + service);
            Container container = set.getSpec().getTemplate().getSpec().getContainers().get(0);
            // A tag as built (dev), or pinned by digest (prod, as deploy/k8s/README.md advises).
            assertThat(container.getImage()).as(service).matches(".*" + java.util.regex.Pattern.quote(
                    property(pom, "image.name")) + "(:" + java.util.regex.Pattern.quote(tag) + "|(:[^/@]+)?@sha256:[0-9a-f]{64})");
            assertThat(set.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry("postflight.io/main-class", property(pom, "image.mainClass"));
            // 8080, the image's port, serves the service; the verdict API's metrics have a port of their own.
            assertThat(container.getPorts()).as(service)
                    .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(ImageIT.HTTP_PORT));
            Service svc = find(objects, Service.class, "postflight-" + service);
            assertThat(svc.getSpec().getPorts()).as(service + ": the port the ServiceMonitor scrapes")
                    .anySatisfy(p -> assertThat(p.getName()).isEqualTo("http"));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void networkIsDeniedByDefaultAndIngressReachesOnlyTheHttpPort(String overlay) {
        List<NetworkPolicy> policies = all(RenderedOverlays.render(overlay), NetworkPolicy.class);
        assertThat(policies).anySatisfy(p -> {
            assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(p.getSpec().getIngress()).isEmpty();
            assertThat(p.getSpec().getEgress()).isEmpty();
        });
        policies.stream().flatMap(p -> p.getSpec().getIngress().stream()).forEach(rule ->
                assertThat(rule.getPorts()).isNotEmpty().allSatisfy(port ->
                        assertThat(port.getPort().getIntVal()).isIn(ImageIT.HTTP_PORT, VERDICT_API_MANAGEMENT_PORT)));
        policies.stream().flatMap(p -> p.getSpec().getEgress().stream())
                .forEach(rule -> assertThat(rule.getPorts()).as("egress to any port").isNotEmpty());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theVerdictApiChecksTokensWithKeysFromASecretAndIsReachableByItsCallers(String overlay) throws IOException {
        List<HasMetadata> objects = RenderedOverlays.render(overlay);
        StatefulSet api = find(objects, StatefulSet.class, "postflight-verdict-api");
        PodSpec pod = api.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null)
                .anySatisfy(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("postflight-api-auth"));
        assertThat(pod.getContainers().get(0).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("MICRONAUT_CONFIG_FILES");
            assertThat(e.getValue()).contains("/etc/postflight/auth/api-auth.yml");
        });
        // Its callers reach the API's port only: health and metrics are on a port of their own.
        assertThat(pod.getContainers().get(0).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("ENDPOINTS_ALL_PORT");
            assertThat(e.getValue()).isEqualTo(String.valueOf(VERDICT_API_MANAGEMENT_PORT));
        });
        assertThat(pod.getContainers().get(0).getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(pod.getContainers().get(0).getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(VERDICT_API_MANAGEMENT_PORT);
        });
        NetworkPolicy ingress = find(objects, NetworkPolicy.class, "postflight-ingress-verdict-api");
        assertThat(ingress.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "verdict-api");
        assertThat(ingress.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(rule.getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(ImageIT.HTTP_PORT));
        });
        Service service = find(objects, Service.class, "postflight-verdict-api");
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "postflight-verdict-api");
        // The delivery tools' examples call it by its Service's name and API port.
        List<Integer> ports = service.getSpec().getPorts().stream().filter(p -> p.getName().equals("api"))
                .map(p -> p.getPort()).toList();
        assertThat(ports).containsExactly(ImageIT.HTTP_PORT);
        String host = "postflight-verdict-api." + service.getMetadata().getNamespace() + ".svc";
        for (String example : List.of("deploy/argo-rollouts/analysis-template.yaml", "deploy/flagger/canary.yaml")) {
            Matcher url = Pattern.compile("https?://([^/:\"]+):(\\d+)/gates/")
                    .matcher(Files.readString(Tools.root().resolve(example)));
            int found = 0;
            while (url.find()) {
                found++;
                assertThat(url.group(1)).as(example).isEqualTo(host);
                assertThat(Integer.parseInt(url.group(2))).as(example + ": a port the Service serves").isIn(ports);
            }
            assertThat(found).as(example + ": gate URLs").isPositive();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void prometheusOperatorScrapesAndAlerts(String overlay) {
        List<HasMetadata> objects = RenderedOverlays.render(overlay);
        assertThat(objects).anySatisfy(o -> assertThat(o.getKind()).isEqualTo("ServiceMonitor"));
        GenericKubernetesResource rule = (GenericKubernetesResource) objects.stream()
                .filter(o -> o.getKind().equals("PrometheusRule")).findFirst().orElseThrow();
        assertThat(rule.getAdditionalProperties()).containsKey("spec");
        assertThat(find(objects, ConfigMap.class, "postflight-streams").getData().get("streams.yml"))
                .contains("num.standby.replicas: " + (overlay.endsWith("prod") ? "1" : "0"));
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as("property %s in a service pom", name).isTrue();
        return m.group(1);
    }

    private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return all(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(type.getSimpleName() + " " + name + " not rendered"));
    }
}
