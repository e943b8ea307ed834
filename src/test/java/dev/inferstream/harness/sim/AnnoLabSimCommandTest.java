package dev.inferstream.harness.sim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.inferstream.cli.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AnnoLabSimCommandTest {

    private static final String BODY = "{\"projectIdentifier\":\"demo-project\",\"modelIdentifier\":\"fast-model\","
            + "\"sourceIds\":[1,2],\"outputLayerIdentifier\":\"predictions\",\"groupName\":\"g\"}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final StringWriter out = new StringWriter();
    private AnnoLabSimCommand command;
    private CompletableFuture<Integer> exit;

    /** Runs the command as picocli would, on its own thread, and waits until it listens. */
    private String run(Map<String, String> environment, String... args) throws Exception {
        command = new AnnoLabSimCommand(environment);
        CommandLine commandLine = new CommandLine(command).setOut(new PrintWriter(out, true));
        exit = CompletableFuture.supplyAsync(() -> commandLine.execute(args));
        return command.listening().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (command != null) {
            command.requestStop();
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    private HttpResponse<String> submit(String baseUrl, String apiKey) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/infer/batch"))
                .header("Authorization", "Api-Key " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenPortZero_listensPrintsItsUrlAndAcceptsASubmit() throws Exception {
        String baseUrl = run(Map.of(), "--port", "0", "--api-key", "cli-key");

        HttpResponse<String> response = submit(baseUrl, "cli-key");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).contains("\"inferenceJobId\":1").endsWith("]}");
        assertThat(out.toString()).contains("listening on " + baseUrl);
    }

    @Test
    void givenNoKeyFlag_acceptsTheKeyFromTheEnvironment() throws Exception {
        String baseUrl = run(Map.of(AnnoLabSimCommand.API_KEY_ENV, "env-key"), "--port", "0");

        assertThat(submit(baseUrl, "env-key").statusCode()).isEqualTo(201);
        assertThat(submit(baseUrl, "sim-api-key").statusCode()).isEqualTo(401);
    }

    @Test
    void givenConfigFileAndFlags_flagsWin(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sim.json"),
                "{\"apiKeys\": [\"file-key\"], \"trailingComma\": false, \"port\": 1}");

        String baseUrl = run(Map.of(), "--config", file.toString(), "--port", "0", "--trailing-comma",
                "--fault", "unavailable=0.0", "--instances", "1");

        HttpResponse<String> response = submit(baseUrl, "file-key");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).endsWith("],}");
    }

    @Test
    void givenExportFlags_exportsUseThem() throws Exception {
        String baseUrl = run(Map.of(), "--port", "0", "--export-duration", "0", "--export-errored-share", "1",
                "--download-url-lifetime-s", "30", "--export-status-base", "http://elsewhere.example:1234");
        SimClient client = new SimClient(baseUrl);

        SimClient.Answer started = client.export(SimClient.exportBody("demo-project", List.of()), "sim-api-key");

        assertThat(started.status()).isEqualTo(201);
        long id = started.json().get("exportJob").get("id").asLong();
        assertThat(started.json().get("exportStatusUrl").asText()).isEqualTo("http://elsewhere.example:1234/v1/export/status/" + id);
        assertThat(client.get("/v1/export/status/" + id, "sim-api-key").json().get("status").asText()).isEqualTo("errored");
    }

    @Test
    void givenFaultFlag_injectsThatFault() throws Exception {
        String baseUrl = run(Map.of(), "--port", "0", "--fault", "rate-limited=1.0", "--retry-after", "9");

        HttpResponse<String> response = submit(baseUrl, "sim-api-key");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("9");
    }

    @Test
    void givenUnknownFault_exitsWithAUsageError() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new AnnoLabSimCommand(Map.of())).setErr(new PrintWriter(err, true))
                .execute("--port", "0", "--fault", "meteor=0.5");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("meteor");
    }

    @Test
    void givenHelp_showsFlagsAndExamples() {
        StringWriter help = new StringWriter();
        int code = new CommandLine(new AnnoLabSimCommand(Map.of())).setOut(new PrintWriter(help, true)).execute("--help");

        assertThat(code).isZero();
        assertThat(help.toString()).contains("--port", "--config", "--api-key", "--fault", "--seed", "--export-duration",
                "--export-errored-share", "--download-url-lifetime-s", "--export-status-base", "Examples:");
    }

    @Test
    void givenMainCommand_registersAnnolabSim() {
        assertThat(Main.commandLine(java.util.Map.of()).getSubcommands()).containsKey("annolab-sim");
    }
}
