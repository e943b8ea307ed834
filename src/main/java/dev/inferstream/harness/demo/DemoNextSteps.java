package dev.inferstream.harness.demo;

import dev.inferstream.config.EnvNames;
import dev.inferstream.harness.sim.SimConfig;
import java.io.PrintWriter;
import java.util.List;

/**
 * What {@code demo --keep-running} prints once the summary is out: ready-to-paste commands with the real
 * addresses of what keeps running (broker, loopback registry, simulator and its key, the processor's ops
 * port) for {@code tail}, {@code submit}, {@code replay}, a second processor with {@code run}, and
 * {@code curl}, plus the ids of the demo's own requests.
 *
 * @param bootstrapServers the embedded broker
 * @param registryUrl      the loopback schema registry, reachable from other processes
 * @param simulatorUrl     the AnnoLab simulator
 * @param apiKey           the one key the simulator accepts (a demo key, printed on purpose)
 * @param opsPort          the demo processor's ops port
 * @param applicationId    the demo processor's application id, which a second processor joins
 * @param freePort         a port for the second processor's ops endpoints
 * @param requests         how many requests the demo published
 */
record DemoNextSteps(String bootstrapServers, String registryUrl, String simulatorUrl, String apiKey, int opsPort,
                     String applicationId, int freePort, int requests) {

    static final String TOOL = "bin/inferstream";

    void print(PrintWriter out) {
        out.println();
        out.println("Still running until Ctrl-C. Try it yourself from another terminal in this directory:");
        out.println();
        lines().forEach(out::println);
        out.flush();
    }

    List<String> lines() {
        String sampleBody = "{\"groupName\":\"Company\",\"projectIdentifier\":\"" + SimConfig.DOCUMENTED_PROJECT
                + "\",\"modelIdentifier\":\"" + SimConfig.DOCUMENTED_MODEL
                + "\",\"sourceIds\":[3240,4414],\"outputLayerIdentifier\":\"" + SimConfig.DOCUMENTED_LAYER + "\"}";
        return List.of(
                "  # where everything is (the tools read the same variables as run)",
                "  export " + EnvNames.KAFKA_BOOTSTRAP_SERVERS + "=" + bootstrapServers + " "
                        + EnvNames.SCHEMA_REGISTRY_URL + "=" + registryUrl,
                "",
                "  # watch results: every one so far, then new ones as they come",
                "  " + TOOL + " tail --from-beginning",
                "",
                "  # publish a request, then follow just that one",
                "  " + TOOL + " submit --request-id my-first --group demo-group --project " + DemoStack.PROJECT
                        + " --model " + DemoStack.FAST_MODEL + " --source-id 4242 --output-layer " + DemoStack.LAYER,
                "  " + TOOL + " tail --from-beginning --request-id-prefix my-first --max-events 1",
                "",
                "  # what the processor knows about a request, its health and metrics",
                "  curl -s http://localhost:" + opsPort + "/jobs/my-first",
                "  curl -s http://localhost:" + opsPort + "/health/ready",
                "  curl -s http://localhost:" + opsPort + "/metrics | grep '^inferstream_'",
                "",
                "  # re-run the demo's fast-model requests as a backfill (--dry-run only counts them)",
                "  " + TOOL + " replay --name again --since 1h --model " + DemoStack.FAST_MODEL + " --dry-run",
                "",
                "  # a second processor: it joins the demo's as another instance of " + applicationId
                        + " and takes over some partitions",
                "  " + EnvNames.ANNOLAB_API_URL + "=" + simulatorUrl + " " + EnvNames.ANNOLAB_API_KEY + "=" + apiKey
                        + " " + EnvNames.APPLICATION_ID + "=" + applicationId + " \\",
                "  " + EnvNames.HTTP_PORT + "=" + freePort + " " + EnvNames.ADVERTISED_HOST + "=localhost "
                        + EnvNames.STATE_DIR + "=./state-second " + TOOL + " run",
                "",
                "  # the AnnoLab simulator directly, with its key: AnnoLab's documented example, then its status",
                "  curl -s -X POST -H 'Authorization: Api-Key " + apiKey + "' -H 'Content-Type: application/json' \\",
                "       -d '" + sampleBody + "' " + simulatorUrl + "/v1/infer/batch",
                "  curl -s -H 'Authorization: Api-Key " + apiKey + "' " + simulatorUrl + "/v1/infer/batch/1",
                "  curl -s " + simulatorUrl + "/_sim/stats",
                "",
                "  The demo's requests: " + DemoTraffic.describe(requests));
    }
}
