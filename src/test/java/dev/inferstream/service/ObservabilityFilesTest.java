package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus rules operators import as they are: checked by the real
 * {@code promtool} (Debian's {@code prometheus} package) where it is installed, and against each other.
 */
class ObservabilityFilesTest {

    private static final Set<String> ALERTS = Set.of("InferstreamApiKeyRejected", "InferstreamApiUnreachable",
            "InferstreamDeadLettersGrowing", "InferstreamRetriesExhausted", "InferstreamTimedOut",
            "InferstreamPendingJobsGrowing", "InferstreamRequestDurationP99High", "InferstreamStreamsNotRunning",
            "InferstreamStreamThreadsDown", "InferstreamCallRateSaturated", "InferstreamInFlightSaturated",
            "InferstreamRateLimitedByAnnoLab");

    @TempDir
    Path scratch;

    @Test
    void givenTheRules_theyCoverEveryConditionOperatorsAskedFor_eachWithSeverityAndText() {
        List<String> names = Observability.alerts().stream().map(alert -> alert.path("alert").asText()).toList();

        assertThat(names).containsExactlyInAnyOrderElementsOf(ALERTS);
        assertThat(Observability.alerts()).allSatisfy(alert -> {
            assertThat(alert.path("labels").path("severity").asText()).isIn("warning", "critical");
            assertThat(alert.path("annotations").path("summary").asText()).isNotBlank();
            assertThat(alert.path("annotations").path("description").asText()).isNotBlank();
        });
    }

    @Test
    void givenThePrometheusRuleManifest_itsGroupsAreExactlyThePlainRulesFile() {
        JsonNode manifest = DeploymentFiles.yaml(Observability.PROMETHEUS_RULE);

        assertThat(manifest.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(manifest.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(manifest.path("spec").path("groups")).isEqualTo(Observability.rules().path("groups"));
        assertThat(DeploymentFiles.yaml("k8s/monitoring/kustomization.yaml").path("resources").get(0).asText())
                .isEqualTo("prometheusrule.yaml");
    }

    @Test
    void givenTheRuleTests_everyAlertHasACaseWhereItFires() {
        JsonNode tests = DeploymentFiles.yaml(Observability.RULE_TESTS);
        Set<String> firing = new HashSet<>();
        tests.path("tests").forEach(test -> test.path("alert_rule_test").forEach(check -> {
            if (!check.path("exp_alerts").isEmpty()) {
                firing.add(check.path("alertname").asText());
            }
        }));

        assertThat(firing).containsExactlyInAnyOrderElementsOf(ALERTS);
    }

    @Test
    void givenTheDashboard_everyPanelQueriesTheChosenDataSource_withUniqueIds() {
        JsonNode dashboard = Observability.dashboard();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        Set<Integer> ids = new HashSet<>();

        assertThat(dashboard.path("uid").asText()).isEqualTo("inferstream");
        assertThat(panels).allSatisfy(panel -> assertThat(ids.add(panel.path("id").asInt())).isTrue());
        assertThat(panels).filteredOn(panel -> !panel.path("type").asText().equals("row"))
                .isNotEmpty()
                .allSatisfy(panel -> {
                    assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                    assertThat(panel.path("targets")).isNotEmpty();
                });
    }

    @Test
    void givenPromtool_theRulesPassCheckAndTheirUnitTests() throws Exception {
        Path promtool = promtool();

        Outcome check = run(promtool, "check", "rules", DeploymentFiles.ROOT.resolve(Observability.RULES).toString());
        Outcome unitTests = run(promtool, "test", "rules",
                DeploymentFiles.ROOT.resolve(Observability.RULE_TESTS).toString());

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + ALERTS.size() + " rules found");
        assertThat(unitTests.exitCode()).as(unitTests.output()).isZero();
        assertThat(unitTests.output()).contains("SUCCESS");
    }

    /** promtool parses rule files only, so each dashboard query becomes a recording rule to be parsed. */
    @Test
    void givenPromtool_everyDashboardQueryParses() throws Exception {
        Path promtool = promtool();
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<JsonNode> expressions = Observability.dashboard().findValues("expr");
        for (int i = 0; i < expressions.size(); i++) {
            String query = expressions.get(i).asText().replace("$job", ".*").replace("$model", ".*");
            rules.append("      - record: dashboard:query_").append(i).append('\n')
                    .append("        expr: '").append(query.replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(scratch.resolve("dashboard-queries.yml"), rules, StandardCharsets.UTF_8);

        Outcome check = run(promtool, "check", "rules", file.toString());

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + expressions.size() + " rules found");
    }

    private record Outcome(int exitCode, String output) {}

    private static Path promtool() {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        Assumptions.assumeTrue(found.isPresent(), "promtool is not installed, so the rules were not checked by it;"
                + " install it with: apt-get install -y --no-install-recommends prometheus");
        return found.get();
    }

    private static Outcome run(Path promtool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
