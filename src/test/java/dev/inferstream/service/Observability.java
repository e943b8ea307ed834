package dev.inferstream.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The operator-facing files of deploy/ and k8s/monitoring/, as the tests that check them read them. */
final class Observability {

    static final String RULES = "deploy/prometheus/inferstream-rules.yml";
    static final String RULE_TESTS = "deploy/prometheus/inferstream-rules-test.yml";
    static final String DASHBOARD = "deploy/grafana/inferstream-dashboard.json";
    static final String PROMETHEUS_RULE = "k8s/monitoring/prometheusrule.yaml";

    /** Every metric the service exports starts with one of these; PromQL functions and labels never do. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:inferstream|kafka|jvm|process|system)_[a-z0-9_]+\\b");

    private Observability() {}

    static JsonNode rules() {
        return DeploymentFiles.yaml(RULES);
    }

    static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(DeploymentFiles.ROOT.resolve(DASHBOARD).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + DASHBOARD, e);
        }
    }

    /** The alert rules of the plain rules file, in order. */
    static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        rules().path("groups").forEach(group -> group.path("rules").forEach(rule -> {
            if (rule.has("alert")) {
                alerts.add(rule);
            }
        }));
        return alerts;
    }

    /** Every PromQL expression of the rules and of the dashboard's panels. */
    static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        rules().path("groups").forEach(group -> group.path("rules")
                .forEach(rule -> expressions.add(rule.path("expr").asText())));
        dashboard().findValues("expr").forEach(expr -> expressions.add(expr.asText()));
        return expressions;
    }

    /** The metric names the expressions query. */
    static Set<String> referencedMetrics() {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions()) {
            Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }
}
