package dev.inferstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command tree in-process, with an injected environment and captured output; nothing is started. */
class CommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(Map<String, String> environment, String... args) {
        CommandLine commandLine = Main.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void run_withABrokenEnvironment_exits2_withOneLinePerProblem_andNoStackTrace() {
        int status = execute(Map.of(
                "SCHEMA_REGISTRY_URL", "ftp://registry",
                "ANNOLAB_API_KEY", "sk-do-not-print-41",
                "INFERSTREAM_HTTP_PORT", "http",
                "INFERSTREAM_BACKFILL_SHARE", "2"), "run");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "inferstream: configuration error: KAFKA_BOOTSTRAP_SERVERS is required: host:port[,host:port...] of the Kafka brokers",
                "inferstream: configuration error: SCHEMA_REGISTRY_URL must be http(s)://host[:port] URLs, comma-separated, "
                        + "or mock://scope; put credentials in SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO",
                "inferstream: configuration error: INFERSTREAM_BACKFILL_SHARE must be between 0.0 and 1.0, was 2",
                "inferstream: configuration error: INFERSTREAM_HTTP_PORT must be a whole number, was \"http\"");
        assertThat(err.toString()).doesNotContain("Exception", "\tat ", "sk-do-not-print-41");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void run_withAnUnreadableConfigFile_reportsItAsAConfigurationError() {
        int status = execute(Map.of(), "run", "--config", "/no/such/inferstream.properties");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString().lines()).first().asString()
                .startsWith("inferstream: configuration error: --config /no/such/inferstream.properties cannot be read");
    }

    @Test
    void run_withAKafkaSettingKafkaRejects_exits2_namingTheProperty(@TempDir Path stateDir) {
        int status = execute(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "SCHEMA_REGISTRY_URL", "mock://command-line-test",
                "ANNOLAB_API_KEY", "sk-do-not-print-41",
                "INFERSTREAM_STATE_DIR", stateDir.toString(),
                "KAFKA_NUM_STREAM_THREADS", "many"), "run");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("inferstream: configuration error: Invalid value many for configuration num.stream.threads");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "demo",
            "submit --group g --project p --model m --source-id 1 --output-layer l"})
    void unknownFlags_exit2_withPicocliNamingTheFlag(String commandWithRequiredFlags) {
        String command = commandWithRequiredFlags.split(" ")[0];
        String[] args = (commandWithRequiredFlags + " --no-such-flag").split(" ");

        int status = execute(Map.of(), args);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-flag'").contains("Usage: inferstream " + command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "demo", "submit", "tail", "replay", "annolab-sim"})
    void everyCommand_hasHelpWithExamples(String command) {
        int status = execute(Map.of(), command, "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("Usage: inferstream " + command, "Examples:", "  inferstream " + command);
    }

    @Test
    void everyCommandsHelp_fitsEightyColumns_soNoExampleIsWrappedMidway() {
        CommandLine root = Main.commandLine(Map.of());
        int width = root.getCommandSpec().usageMessage().width();
        Map<String, CommandLine> commands = new java.util.LinkedHashMap<>(root.getSubcommands());
        commands.put("inferstream", root);

        commands.forEach((name, command) -> assertThat(command.getCommandSpec().usageMessage().footer())
                .as(name).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(width)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--timeout -1", "--timeout 0"})
    void submit_withATimeoutBelowOneSecond_exits2_beforeConnectingAnywhere(String timeout) {
        String[] args = ("submit --group g --project p --model m --source-id 1 --output-layer l " + timeout).split(" ");

        int status = execute(Map.of(), args);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout must be at least 1 second, was " + timeout.split(" ")[1]);
    }

    @Test
    void submit_withUnknownExportContents_exits2_sayingWhatItIncludes() {
        int status = execute(Map.of(), "submit", "--group", "g", "--project", "p", "--model", "m",
                "--source-id", "1", "--output-layer", "l", "--export", "--export-include", "schemas,pdfs");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--export-include must be a comma-separated list of schemas, sources "
                + "and textBounds, or none, was 'schemas,pdfs'");
    }

    @Test
    void submit_withAnAttributeWithoutEquals_exits2_sayingHowToWriteIt() {
        int status = execute(Map.of(), "submit", "--group", "g", "--project", "p", "--model", "m",
                "--source-id", "1", "--output-layer", "l", "--attribute", "team");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--attribute must be KEY=VALUE with a non-empty KEY, was 'team'")
                .doesNotContain("option option");
    }

    @Test
    void submit_withAMockRegistryFromTheEnvironment_exits2_explainingWhyItCannotWork() {
        int status = execute(Map.of("SCHEMA_REGISTRY_URL", "mock://local"), "submit", "--group", "g",
                "--project", "p", "--model", "m", "--source-id", "1", "--output-layer", "l");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("is mock://local: a mock:// registry exists only inside one process");
    }

    @Test
    void demo_help_namesTheSmallestRequestCountAndEveryExitStatus() {
        int status = execute(Map.of(), "demo", "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("at least 4", "130");
    }

    @Test
    void annolabSim_help_describesTheConfigFile_notAJavaClass() {
        int status = execute(Map.of(), "annolab-sim", "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("apiKeys", "projects", "models", "faults").doesNotContain("SimConfigFile");
    }

    @Test
    void submit_withoutItsRequiredFlags_exits2_listingThem() {
        int status = execute(Map.of(), "submit", "--group", "acme");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required options", "--project", "--model", "--source-id",
                "--output-layer");
    }

    @Test
    void demo_withTooFewRequestsForTheMix_exits2_beforeStartingAnything() {
        int status = execute(Map.of(), "demo", "--requests", "3");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--requests must be at least 4, was 3");
    }

    @Test
    void root_listsTheCommands() {
        int status = execute(Map.of(), "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("run", "demo", "submit");
    }

    @Test
    void bench_withAnUnknownSystem_exits2_namingTheSystemsItKnows() {
        int status = execute(Map.of(), "bench", "--quick", "--only", "inferstream,fastest");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("unknown system(s) [fastest]", "inferstream", "limited", "fixed", "naive",
                "passthrough");
    }
}
