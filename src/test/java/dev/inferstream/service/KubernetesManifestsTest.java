package dev.inferstream.service;

import static dev.inferstream.service.DeploymentFiles.manifest;
import static dev.inferstream.service.DeploymentFiles.strings;
import static dev.inferstream.service.DeploymentFiles.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** k8s/*.yaml against the code and each other: what a typo would break without any error at apply time. */
class KubernetesManifestsTest {

    private static final Pattern DEPENDENT_VARIABLE = Pattern.compile("\\$\\(([A-Z0-9_]+)\\)");

    private static final JsonNode STATEFUL_SET = manifest("StatefulSet");
    private static final JsonNode POD = STATEFUL_SET.path("spec").path("template");
    private static final JsonNode CONTAINER = POD.path("spec").path("containers").get(0);
    private static final JsonNode CONFIG_MAP = manifest("ConfigMap");
    private static final JsonNode SECRET = manifest("Secret");
    private static final Map<String, String> CONFIG = strings(CONFIG_MAP.path("data"));

    @Test
    void givenTheKustomization_itListsEveryManifestInTheDirectory() {
        JsonNode kustomization = DeploymentFiles.yaml("k8s/kustomization.yaml");
        List<String> manifests = new ArrayList<>(DeploymentFiles.kubernetesFiles());
        manifests.remove("kustomization.yaml");

        assertThat(texts(kustomization.path("resources"))).containsExactlyInAnyOrderElementsOf(manifests);
        assertThat(manifests).allSatisfy(file ->
                assertThat(DeploymentFiles.yaml("k8s/" + file).path("kind").asText()).as(file).isNotEmpty());
    }

    @Test
    void givenTheContainer_everyVariableIsOneTheCodeReads_orAHelperAnotherVariableIsBuiltFrom() {
        Map<String, String> env = containerEnv();
        Set<String> helpers = new HashSet<>();
        env.values().forEach(value -> {
            Matcher matcher = DEPENDENT_VARIABLE.matcher(value);
            while (matcher.find()) {
                helpers.add(matcher.group(1));
            }
        });

        assertThat(env.keySet()).allSatisfy(name ->
                assertThat(ReadEnvNames.isRead(name) || helpers.contains(name)).as(name).isTrue());
        assertThat(helpers).allSatisfy(helper -> assertThat(env).as("defined before use").containsKey(helper));
    }

    @Test
    void givenTheStateDir_itIsMountedFromAVolumeClaimTemplate() {
        String stateDir = containerEnv().get("INFERSTREAM_STATE_DIR");
        List<String> claimTemplates = new ArrayList<>();
        STATEFUL_SET.path("spec").path("volumeClaimTemplates")
                .forEach(template -> claimTemplates.add(template.path("metadata").path("name").asText()));

        assertThat(stateDir).isNotBlank();
        assertThat(CONTAINER.path("volumeMounts")).anySatisfy(mount -> {
            assertThat(mount.path("mountPath").asText()).isEqualTo(stateDir);
            assertThat(claimTemplates).contains(mount.path("name").asText());
        });
    }

    @Test
    void givenTheProbes_theyHitOpsRoutesOnTheHttpPort() {
        assertThat(CONTAINER.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo(OpsServer.READY);
        assertThat(CONTAINER.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo(OpsServer.LIVE);
        assertThat(containerPort(CONTAINER.path("readinessProbe").path("httpGet").path("port").asText()))
                .isEqualTo(httpPort());
        assertThat(containerPort(CONTAINER.path("livenessProbe").path("httpGet").path("port").asText()))
                .isEqualTo(httpPort());
    }

    @Test
    void givenTheServices_theySelectThePods_targetTheHttpPort_andTheMetricsOneCarriesScrapeAnnotations() {
        Map<String, String> podLabels = strings(POD.path("metadata").path("labels"));
        List<JsonNode> services = DeploymentFiles.manifests("Service");

        assertThat(services).hasSize(2).allSatisfy(service -> {
            assertThat(podLabels).containsAllEntriesOf(strings(service.path("spec").path("selector")));
            service.path("spec").path("ports").forEach(port ->
                    assertThat(containerPort(port.path("targetPort").asText())).isEqualTo(httpPort()));
        });
        JsonNode metrics = services.stream()
                .filter(service -> service.path("metadata").path("annotations").has("prometheus.io/scrape"))
                .findFirst().orElseThrow();
        Map<String, String> annotations = strings(metrics.path("metadata").path("annotations"));
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(httpPort()))
                .containsEntry("prometheus.io/path", OpsServer.METRICS);
    }

    @Test
    void givenInteractiveQueries_podsAdvertiseTheirStableNameUnderTheHeadlessService() {
        JsonNode headless = DeploymentFiles.manifests("Service").stream()
                .filter(service -> "None".equals(service.path("spec").path("clusterIP").asText()))
                .findFirst().orElseThrow();
        String headlessName = headless.path("metadata").path("name").asText();

        assertThat(STATEFUL_SET.path("spec").path("serviceName").asText()).isEqualTo(headlessName);
        assertThat(headless.path("spec").path("publishNotReadyAddresses").asBoolean())
                .as("peers resolve each other while not ready").isTrue();
        assertThat(containerEnv().get("INFERSTREAM_ADVERTISED_HOST"))
                .startsWith("$(POD_NAME)." + headlessName + ".");
    }

    @Test
    void givenTheSecret_itProvidesTheApiKeyTheContainerReferences() {
        JsonNode keyRef = envEntry("ANNOLAB_API_KEY").path("valueFrom").path("secretKeyRef");

        assertThat(keyRef.path("name").asText()).isEqualTo(SECRET.path("metadata").path("name").asText());
        assertThat(keyRef.path("key").asText()).isEqualTo("ANNOLAB_API_KEY");
        assertThat(SECRET.path("stringData").has("ANNOLAB_API_KEY")).isTrue();
        assertThat(CONFIG).as("no secret in the ConfigMap").doesNotContainKeys("ANNOLAB_API_KEY",
                "ANNOLAB_TRUSTSTORE_PASSWORD", "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO");
    }

    @Test
    void givenTheImage_kustomizeRewritesTheNameTheStatefulSetUses_whichIsTheComposeImage() {
        JsonNode kustomization = DeploymentFiles.yaml("k8s/kustomization.yaml");
        List<String> rewritten = new ArrayList<>();
        kustomization.path("images").forEach(image -> rewritten.add(image.path("name").asText()));
        String composeImage = DeploymentFiles.yaml("docker-compose.yml").path("services").path("inferstream")
                .path("image").asText();

        assertThat(rewritten).contains(CONTAINER.path("image").asText());
        assertThat(composeImage).startsWith(CONTAINER.path("image").asText() + ":");
        assertThat(texts(CONTAINER.path("args"))).containsExactly("run");
    }

    @Test
    void givenThePodSecurityContext_itRunsAsTheImagesNonRootUser_andResourcesAreSet() {
        JsonNode security = POD.path("spec").path("securityContext");
        String imageUser = DeploymentFiles.find(DeploymentFiles.text("Dockerfile"), "^USER (\\d+)");

        assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(security.path("runAsUser").asText()).isEqualTo(imageUser);
        assertThat(CONTAINER.path("resources").path("requests").path("memory").asText()).isNotEmpty();
        assertThat(CONTAINER.path("resources").path("limits").path("memory").asText()).isNotEmpty();
    }

    @Test
    void givenThePodDisruptionBudget_itCoversThePods_andKeepsAllButOneRunning() {
        JsonNode budget = manifest("PodDisruptionBudget");

        assertThat(strings(POD.path("metadata").path("labels")))
                .containsAllEntriesOf(strings(budget.path("spec").path("selector").path("matchLabels")));
        assertThat(budget.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
    }

    /** Variables as the container sees them: the ConfigMap through envFrom, then the env list. */
    private static Map<String, String> containerEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        String configName = CONFIG_MAP.path("metadata").path("name").asText();
        CONTAINER.path("envFrom").forEach(source -> {
            assertThat(source.path("configMapRef").path("name").asText()).isEqualTo(configName);
            env.putAll(CONFIG);
        });
        CONTAINER.path("env").forEach(entry -> env.put(entry.path("name").asText(), entry.path("value").asText()));
        return env;
    }

    private static JsonNode envEntry(String name) {
        for (JsonNode entry : CONTAINER.path("env")) {
            if (name.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no env entry " + name);
    }

    private static int httpPort() {
        return Integer.parseInt(containerEnv().get("INFERSTREAM_HTTP_PORT"));
    }

    /** A port given by name or number, as the container port it denotes. */
    private static int containerPort(String nameOrNumber) {
        for (JsonNode port : CONTAINER.path("ports")) {
            if (nameOrNumber.equals(port.path("name").asText())
                    || nameOrNumber.equals(port.path("containerPort").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("the container declares no port " + nameOrNumber);
    }
}
