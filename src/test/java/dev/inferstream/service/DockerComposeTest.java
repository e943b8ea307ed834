package dev.inferstream.service;

import static dev.inferstream.service.DeploymentFiles.find;
import static dev.inferstream.service.DeploymentFiles.strings;
import static dev.inferstream.service.DeploymentFiles.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker-compose.yml against the code: names, ports and paths that would otherwise fail only at runtime. */
class DockerComposeTest {

    private static final JsonNode SERVICES = DeploymentFiles.yaml("docker-compose.yml").path("services");
    private static final JsonNode INFERSTREAM = SERVICES.path("inferstream");
    private static final JsonNode SIMULATOR = SERVICES.path("annolab-sim");
    private static final Map<String, String> ENV = strings(INFERSTREAM.path("environment"));

    @Test
    void givenTheStack_hasKafkaTheRegistryTheSimulatorAndInferstream_eachWithAHealthCheck() {
        List<String> names = new ArrayList<>();
        SERVICES.fieldNames().forEachRemaining(names::add);

        assertThat(names).containsExactlyInAnyOrder("kafka", "schema-registry", "annolab-sim", "inferstream");
        SERVICES.forEach(service -> assertThat(service.path("healthcheck").path("test").isMissingNode())
                .as("health check of " + service).isFalse());
    }

    @Test
    void givenDependencies_everyOneWaitsForItsDependencyToBeHealthy() {
        SERVICES.properties().forEach(service -> service.getValue().path("depends_on").properties()
                .forEach(dependency -> {
                    assertThat(SERVICES.has(dependency.getKey())).as(dependency.getKey()).isTrue();
                    assertThat(dependency.getValue().path("condition").asText())
                            .as(service.getKey() + " waits for " + dependency.getKey()).isEqualTo("service_healthy");
                }));
        assertThat(INFERSTREAM.path("depends_on").has("kafka")).isTrue();
        assertThat(INFERSTREAM.path("depends_on").has("schema-registry")).isTrue();
        assertThat(INFERSTREAM.path("depends_on").has("annolab-sim")).isTrue();
    }

    @Test
    void givenTheDockerfileTargets_theServiceRunsTheProductionImage_theSimulatorTheHarness_andThirdPartyImagesMatchTheContainerTests() {
        assertThat(INFERSTREAM.path("build").path("context").asText()).isEqualTo(".");
        assertThat(INFERSTREAM.path("build").path("target").asText()).isEqualTo("service");
        assertThat(SIMULATOR.path("build").path("context").asText()).isEqualTo(".");
        assertThat(SIMULATOR.path("build").path("target").asText()).isEqualTo("harness");
        assertThat(SIMULATOR.path("image").asText()).isNotEqualTo(INFERSTREAM.path("image").asText());
        assertThat(DeploymentFiles.text("Dockerfile")).contains("AS service", "AS harness");
        assertThat(SERVICES.path("kafka").path("image").asText()).isEqualTo(StackImages.KAFKA);
        assertThat(SERVICES.path("schema-registry").path("image").asText()).isEqualTo(StackImages.SCHEMA_REGISTRY);
    }

    @Test
    void givenTheInferstreamServices_everyVariableIsOneTheCodeReads() {
        assertThat(ENV.keySet()).allSatisfy(name -> assertThat(ReadEnvNames.isRead(name)).as(name).isTrue());
        assertThat(strings(SIMULATOR.path("environment")).keySet())
                .allSatisfy(name -> assertThat(ReadEnvNames.isRead(name)).as(name).isTrue());
        assertThat(ENV).containsEntry("INFERSTREAM_CREATE_TOPICS", "true");
        assertThat(texts(INFERSTREAM.path("command"))).containsExactly("run");
    }

    @Test
    void givenTheOpsPort_theHealthCheckProbesAnOpsRouteOnIt_andItIsPublishedAndAdvertised() {
        String port = ENV.get("INFERSTREAM_HTTP_PORT");
        String probe = String.join(" ", texts(INFERSTREAM.path("healthcheck").path("test")));

        assertThat(find(probe, "http://localhost:(\\d+)/")).isEqualTo(port);
        assertThat(find(probe, "http://localhost:\\d+(/\\S+)")).isEqualTo(OpsServer.READY);
        assertThat(texts(INFERSTREAM.path("ports"))).anySatisfy(mapping -> assertThat(mapping).endsWith(":" + port));
        assertThat(ENV.get("INFERSTREAM_ADVERTISED_HOST")).as("peers reach it by service name").isEqualTo("inferstream");
    }

    @Test
    void givenTheStateDir_aVolumeIsMountedThere() {
        assertThat(texts(INFERSTREAM.path("volumes")))
                .anySatisfy(volume -> assertThat(volume).endsWith(":" + ENV.get("INFERSTREAM_STATE_DIR")));
    }

    @Test
    void givenTheSimulator_inferstreamCallsItOnItsPortWithTheKeyItAccepts() {
        List<String> command = texts(SIMULATOR.path("command"));
        URI api = URI.create(ENV.get("ANNOLAB_API_URL"));

        assertThat(command.get(0)).isEqualTo("annolab-sim");
        assertThat(api.getHost()).isEqualTo("annolab-sim");
        assertThat(String.valueOf(api.getPort())).isEqualTo(command.get(command.indexOf("--port") + 1));
        assertThat(command.get(command.indexOf("--host") + 1)).isEqualTo("0.0.0.0");
        assertThat(command.get(command.indexOf("--api-key") + 1)).isEqualTo(ENV.get("ANNOLAB_API_KEY"));
        String simProbe = String.join(" ", texts(SIMULATOR.path("healthcheck").path("test")));
        assertThat(find(simProbe, "http://localhost:(\\d+)/")).isEqualTo(String.valueOf(api.getPort()));
    }

    @Test
    void givenKafkaAndTheRegistry_inferstreamPointsAtListenersThatExist() {
        Map<String, String> kafka = strings(SERVICES.path("kafka").path("environment"));
        Map<String, String> registry = strings(SERVICES.path("schema-registry").path("environment"));

        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains("://" + ENV.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(registry.get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"))
                .endsWith("://" + ENV.get("KAFKA_BOOTSTRAP_SERVERS"));
        URI registryUrl = URI.create(ENV.get("SCHEMA_REGISTRY_URL"));
        assertThat(registryUrl.getHost()).isEqualTo("schema-registry");
        assertThat(registry.get("SCHEMA_REGISTRY_LISTENERS")).endsWith(":" + registryUrl.getPort());
    }
}
