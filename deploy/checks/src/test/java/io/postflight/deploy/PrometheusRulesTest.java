package io.postflight.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules pass promtool's checks and unit tests, the example scrape configuration is
 * valid, and the PrometheusRule of deploy/k8s carries exactly the rules of alerts.yml (an alert
 * added to alerts.yml and not rendered into the PrometheusRule is named in the failure).
 * The promtool checks skip, saying so, only where promtool is not installed
 * (.ci/install-prometheus.sh installs it) and the build does not require it (CI does).
 */
class PrometheusRulesTest {

    private static final Path PROMETHEUS = Tools.root().resolve("deploy/prometheus");

    @Test
    void alertingRulesPassPromtoolCheck() {
        assertPromtool("check", "rules", "alerts.yml");
    }

    @Test
    void alertingRulesPassTheirUnitTests() {
        assertPromtool("test", "rules", "alerts_test.yml");
    }

    @Test
    void scrapeConfigurationPassesPromtoolCheck() {
        assertPromtool("check", "config", "scrape.yml");
    }

    @Test
    void prometheusRuleCarriesTheRulesOfAlertsYml() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode alerts = yaml.readTree(PROMETHEUS.resolve("alerts.yml").toFile());
        JsonNode rule = yaml.readTree(Tools.root().resolve("deploy/k8s/base/prometheusrule.yaml").toFile());
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        String regenerate = " (run deploy/k8s/base/render-prometheus-rule.sh)";
        assertThat(alertNames(rule.path("spec")))
                .as("alerts of deploy/k8s/base/prometheusrule.yaml against deploy/prometheus/alerts.yml" + regenerate)
                .containsExactlyElementsOf(alertNames(alerts));
        assertThat(rule.path("spec"))
                .as("deploy/k8s/base/prometheusrule.yaml differs from deploy/prometheus/alerts.yml" + regenerate)
                .isEqualTo(alerts);
    }

    /** Every rule's alert (or record) name, group by group, in order. */
    private static List<String> alertNames(JsonNode rules) {
        List<String> names = new ArrayList<>();
        rules.path("groups").forEach(group -> group.path("rules").forEach(r -> names.add(
                group.path("name").asText() + "/" + r.path(r.has("alert") ? "alert" : "record").asText())));
        return names;
    }

    private static void assertPromtool(String... args) {
        Tools.requireTool(Tools.onPath("promtool"),
                "promtool is not installed (bash .ci/install-prometheus.sh installs it): rules not checked");
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Tools.Result result = Tools.run(PROMETHEUS, command);
        assertThat(result.exitCode()).as("promtool %s:%n%s", String.join(" ", args), result.output()).isZero();
    }
}
