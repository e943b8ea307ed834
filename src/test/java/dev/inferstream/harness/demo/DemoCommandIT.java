package dev.inferstream.harness.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferstream.cli.Main;
import dev.inferstream.config.InferstreamConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code inferstream demo --keep-running} end to end in this JVM: broker, registry, simulator, processor and
 * traffic, then what a new user does next with the commands it prints: submit, tail, curl the ops port and
 * the simulator, and point a second processor at it.
 */
class DemoCommandIT {

    private static final int REQUESTS = 20;
    /** Requests 0-2 are the rejected, timed-out and forbidden ones; the rest run the fast model. */
    private static final int FAST_MODEL_REQUESTS = REQUESTS - 3;
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void demo_endsEveryRequestOnce_thenItsPrintedCommandsWorkAgainstWhatKeepsRunning() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        DemoCommand demo = commandLine.getSubcommands().get("demo").getCommand();

        long started = System.nanoTime();
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() ->
                commandLine.execute("demo", "--requests", String.valueOf(REQUESTS), "--keep-running"));
        List<String> steps;
        try {
            steps = demo.nextSteps().toCompletableFuture().get(4, TimeUnit.MINUTES);
            System.out.printf("demo --requests %d took %.1f s in-process%n%s%n", REQUESTS,
                    (System.nanoTime() - started) / 1e9, out);

            assertSummary(out.toString());
            Map<String, String> environment = exported(steps);
            assertThat(environment.get("SCHEMA_REGISTRY_URL")).startsWith("http://");

            Run submitted = tool(environment, command(steps, " submit "));
            assertThat(submitted.status()).as(submitted.err()).isZero();
            Run followed = tool(environment, command(steps, " tail --from-beginning --request-id-prefix my-first"));
            assertThat(followed.status()).as(followed.err()).isZero();
            assertThat(followed.out()).contains("COMPLETED", "my-first", "fast-model @ demo-project");

            JsonNode job = json(get(url(steps, "/jobs/my-first")));
            assertThat(job.path("outcome").asText()).isEqualTo("COMPLETED");
            assertThat(job.path("lastStatus").asText()).isEqualTo("Finished");
            assertThat(job.has("nextActionAt")).isFalse();

            assertThat(sampleRequestAnswer(steps).statusCode()).isEqualTo(201);
            assertThat(InferstreamConfig.load(secondProcessor(steps, environment), Optional.empty()).applicationId())
                    .isEqualTo(DemoStack.APPLICATION_ID);
        } finally {
            demo.requestStop();
        }
        assertThat(running.get(2, TimeUnit.MINUTES)).isZero();
    }

    @Test
    void withoutKeepRunning_theSummaryPrintsNoAddressOfWhatHasStopped() {
        StringWriter out = new StringWriter();
        DemoSummary.print(new PrintWriter(out, true), new DemoTally(3, Map.of(), 1, 4, 4, 1, 9, DemoTally.Exports.NONE), 4,
                Duration.ofSeconds(5), false);

        assertThat(out.toString()).contains("Everything has stopped", "--keep-running").doesNotContain("http://",
                "localhost:");
    }

    private static void assertSummary(String summary) {
        assertThat(summary).contains("Summary: " + REQUESTS + " requests", "Still running until Ctrl-C");
        long completed = row(summary, "completed");
        long errored = optionalRow(summary, "failed JOB_ERRORED");
        assertThat(completed).isPositive();
        assertThat(completed + errored).as("every fast-model request ended exactly once").isEqualTo(FAST_MODEL_REQUESTS);
        assertThat(row(summary, "failed REJECTED")).isEqualTo(1);
        assertThat(row(summary, "failed TIMED_OUT")).isEqualTo(1);
        assertThat(row(summary, "failed UNAUTHORIZED")).isEqualTo(1);
        assertThat(row(summary, "dead letters")).isEqualTo(1);
        assertThat(row(summary, "duplicates ignored")).isEqualTo(1);
        long exported = row(summary, "completed with results");
        assertThat(exported).as("every third request exports its results").isPositive();
        // The simulator errors a share of exports; such a request still completes, without its results.
        assertThat(exported + optionalRow(summary, "completed, export failed")).isLessThanOrEqualTo(completed);
        assertThat(summary).contains("A download URL from a completed event");
        assertThat(summary).contains("demo-000 REJECTED", "demo-019 was sent twice")
                .doesNotContain("Gave up waiting", "Exception");
    }

    // ---- what a user does with the printed lines ---------------------------------------------------

    private record Run(int status, String out, String err) {}

    /** {@code export A=1 B=2} → the variables the following commands see. */
    private static Map<String, String> exported(List<String> steps) {
        String line = steps.stream().filter(step -> step.strip().startsWith("export ")).findFirst().orElseThrow();
        return assignments(Arrays.asList(line.strip().substring("export ".length()).split(" ")));
    }

    /** The arguments of the printed {@code bin/inferstream} line that contains {@code marker}. */
    private static String[] command(List<String> steps, String marker) {
        String line = steps.stream().filter(step -> step.contains(DemoNextSteps.TOOL + marker)).findFirst()
                .orElseThrow(() -> new AssertionError("no printed command with '" + marker + "' in " + steps));
        return line.substring(line.indexOf(DemoNextSteps.TOOL) + DemoNextSteps.TOOL.length()).strip().split(" ");
    }

    private static Run tool(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static String url(List<String> steps, String path) {
        Matcher matcher = Pattern.compile("http://localhost:\\d+" + Pattern.quote(path)).matcher(String.join("\n", steps));
        assertThat(matcher.find()).as("a printed URL ending in " + path).isTrue();
        return matcher.group();
    }

    private String get(String url) {
        return await("a 200 from " + url).atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        }, body -> body != null);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** The printed curl POST to the simulator, sent as curl would send it. */
    private HttpResponse<String> sampleRequestAnswer(List<String> steps) throws Exception {
        String joined = String.join("\n", steps);
        Matcher key = Pattern.compile("Authorization: Api-Key ([^']+)'").matcher(joined);
        Matcher body = Pattern.compile("-d '([^']+)' (http://\\S+/v1/infer/batch)").matcher(joined);
        assertThat(key.find()).isTrue();
        assertThat(body.find()).isTrue();
        return http.send(HttpRequest.newBuilder(URI.create(body.group(2)))
                .header("Authorization", "Api-Key " + key.group(1))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.group(1))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The printed second processor's variables (two lines joined by a backslash) on top of the exported ones. */
    private static Map<String, String> secondProcessor(List<String> steps, Map<String, String> exported) {
        int first = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).strip().startsWith("ANNOLAB_API_URL=")) {
                first = i;
            }
        }
        assertThat(first).as("the printed run command").isNotNegative();
        String joined = (steps.get(first).replace("\\", "") + " " + steps.get(first + 1)).strip();
        List<String> words = new ArrayList<>(Arrays.asList(joined.split("\\s+")));
        assertThat(words.subList(words.size() - 2, words.size())).containsExactly(DemoNextSteps.TOOL, "run");
        Map<String, String> environment = new HashMap<>(exported);
        environment.putAll(assignments(words.subList(0, words.size() - 2)));
        return environment;
    }

    private static Map<String, String> assignments(List<String> words) {
        Map<String, String> variables = new HashMap<>();
        for (String word : words) {
            int equals = word.indexOf('=');
            assertThat(equals).as(word).isPositive();
            variables.put(word.substring(0, equals), word.substring(equals + 1));
        }
        return variables;
    }

    private static long row(String summary, String label) {
        Matcher matcher = rowPattern(label).matcher(summary);
        assertThat(matcher.find()).as("summary row \"%s\" in%n%s", label, summary).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static long optionalRow(String summary, String label) {
        Matcher matcher = rowPattern(label).matcher(summary);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static Pattern rowPattern(String label) {
        return Pattern.compile("(?m)^  " + Pattern.quote(label) + "\\s+(\\d+)$");
    }
}
