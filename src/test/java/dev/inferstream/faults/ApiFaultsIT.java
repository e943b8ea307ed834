package dev.inferstream.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.inferstream.api.AnnoLabClientConfig;
import dev.inferstream.api.ApiKey;
import dev.inferstream.api.ApiText;
import dev.inferstream.api.VertxAnnoLabClient;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.serde.MockSchemaRegistry;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.service.InferstreamService;
import dev.inferstream.service.OpsServer;
import dev.inferstream.testkit.RequestPublisher;
import dev.inferstream.testkit.TopicReader;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The whole service against the real in-process broker and an AnnoLab that answers as badly as a server
 * can ({@link HostileAnnoLab}): every request still ends in exactly one terminal event with the right
 * reason, deadlines hold within the call timeout and a tick although answers trickle, trickling calls do
 * not stall an instance whose in-flight cap they exceed, and no 8-character piece of the key reaches a
 * log line, an event, a changelog record, a state file or an ops answer. Then the API goes away: the
 * instance says so in one WARN and in its readiness.
 */
class ApiFaultsIT {

    private static final String KEY = "sk-live-Q7fz2XwP9kLm4TyR8vBn3Jd";
    private static final String APPLICATION_ID = "inferstream-api-faults";
    private static final TopologySettings.Topics TOPICS = TopologySettings.Topics.defaults();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TICK = TopologySettings.defaults().tickInterval();
    private static final int MAX_IN_FLIGHT = 8;
    private static final int COPIES = 3;
    /** More trickling POSTs than the in-flight cap, so only the call timeout can free the permits. */
    private static final int TRICKLING_POSTS = 12;
    private static final int TRICKLE_TIMEOUT_SECONDS = 6;
    /** Scheduling slack of a loaded 2-core machine on top of the tick; the measured figure is printed. */
    private static final Duration SLACK = Duration.ofSeconds(1);

    private final String registryScope = "faults-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> opsAnswers = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Map<String, Level> previousLevels = new HashMap<>();
    private EmbeddedKafkaBroker broker;
    private Vertx vertx;
    private HostileAnnoLab api;
    private HostileAnnoLab elsewhere;
    private VertxAnnoLabClient client;
    private InferstreamService service;
    private OpsServer ops;
    private KafkaProducer<byte[], byte[]> producer;
    private SpecificAvroSerde<InferenceRequested> requestSerde;
    private SpecificAvroSerde<InferenceFailed> failedSerde;
    private Path stateDir;

    @BeforeEach
    void start() throws Exception {
        captureLogs();
        broker = new EmbeddedKafkaBroker().start();
        broker.createTopics(Map.of(TOPICS.requested(), 3, TOPICS.completed(), 3, TOPICS.failed(), 3,
                TOPICS.deadLetters(), 1));
        vertx = Vertx.vertx();
        elsewhere = new HostileAnnoLab(vertx, "http://127.0.0.1:1");
        api = new HostileAnnoLab(vertx, elsewhere.baseUrl().toString());
        client = VertxAnnoLabClient.create(AnnoLabClientConfig.of(api.baseUrl(), ApiKey.of(KEY))
                .withMaxInFlight(MAX_IN_FLIGHT)
                .withConnectTimeout(Duration.ofSeconds(1))
                .withRequestTimeout(CALL_TIMEOUT));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        requestSerde = serde(InferenceRequested.class);
        failedSerde = serde(InferenceFailed.class);
        stateDir = Files.createTempDirectory("inferstream-api-faults");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        service = InferstreamService.start(settings(), client, registry);
        ops = OpsServer.start(vertx, 0, service, registry);
        await("instance running").atMost(Duration.ofSeconds(60))
                .until(() -> service.state() == KafkaStreams.State.RUNNING);
    }

    @AfterEach
    void stop() throws Exception {
        ops.close();
        service.close();
        producer.close();
        client.close();
        api.close();
        elsewhere.close();
        vertx.close().await(10, TimeUnit.SECONDS);
        broker.close();
        MockSchemaRegistry.dropScope(registryScope);
        releaseLogs();
    }

    @Test
    void givenAHostileApi_everyRequestEndsOnceWithTheRightReason_deadlinesHold_andTheKeyLeaksNowhere()
            throws Exception {
        Map<String, Fault> requests = new LinkedHashMap<>();
        for (Fault fault : Fault.values()) {
            int copies = fault == Fault.TRICKLE_POST ? TRICKLING_POSTS : COPIES;
            for (int i = 0; i < copies; i++) {
                requests.put(fault.name().toLowerCase(Locale.ROOT) + "-" + i, fault);
            }
        }
        assertThat(ready().json().getString("status")).isEqualTo("UP");
        requests.forEach(this::publish);

        List<ConsumerRecord<String, byte[]>> events;
        try (TopicReader<String, byte[]> terminal = TopicReader.of(broker.bootstrapServers(),
                List.of(TOPICS.completed(), TOPICS.failed()), IsolationLevel.READ_COMMITTED,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            terminal.awaitUntil("a terminal event for every request", Duration.ofSeconds(150),
                    read -> read.size() >= requests.size());
            // Anything extra would come after the last expected event; give it a moment to show up.
            await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
            events = terminal.awaitUntil("no second events", Duration.ofSeconds(5), read -> true);
        }

        Map<String, String> outcomes = exactlyOneOutcomeEach(events, requests);
        requests.forEach((id, fault) -> assertThat(outcomes.get(id)).as(id).isEqualTo(fault.expected()));
        assertSubmissionsCounted(requests);
        long latestMillis = assertDeadlinesHeld(requests);
        await("every permit and trickling connection freed").atMost(Duration.ofSeconds(10))
                .until(() -> service.capacity().inFlight() == 0 && api.openTrickles() == 0);
        assertThat(elsewhere.requestsReceived()).as("requests that reached the redirect target").isZero();

        String unreachableReason = apiGoesAway();
        String metrics = get("/metrics").body();

        List<String> leaks = new ArrayList<>();
        leaks.addAll(scanRecords(allTopics()));
        leaks.addAll(scanFiles(stateDir));
        leaks.addAll(scan("ops answers", String.join("\n", opsAnswers)));
        leaks.addAll(scan("log lines", logText()));
        assertThat(leaks).as("pieces of the key found").isEmpty();
        assertThat(metrics).contains("inferstream_submissions_suspected_double_total");
        printTable(requests, outcomes);
        System.out.printf("api faults: %d requests over %d faults, one terminal event each; latest TIMED_OUT "
                        + "%d ms after its deadline (bound: call timeout %d ms + tick %d ms); %d log lines, "
                        + "%d records, %d state files and %d ops answers free of every 8-character piece of "
                        + "the key; unreachable API reported as: %s%n",
                requests.size(), Fault.values().length, latestMillis, CALL_TIMEOUT.toMillis(), TICK.toMillis(),
                logs.list.size(), recordsScanned, filesScanned, opsAnswers.size(), unreachableReason);
    }

    /** One row per fault: what every request of it ended as, and the POSTs the API saw per request. */
    private void printTable(Map<String, Fault> requests, Map<String, String> outcomes) {
        System.out.println("| fault | requests | ended as | POSTs per request |");
        System.out.println("|---|---|---|---|");
        for (Fault fault : Fault.values()) {
            List<String> ids = requests.entrySet().stream().filter(e -> e.getValue() == fault)
                    .map(Map.Entry::getKey).toList();
            String endedAs = String.join(", ", ids.stream().map(outcomes::get).distinct().sorted().toList());
            IntSummaryStatistics posts = ids.stream().mapToInt(api::postsFor).summaryStatistics();
            System.out.printf("| %s | %d | %s | %d–%d |%n", fault, ids.size(), endedAs, posts.getMin(),
                    posts.getMax());
        }
    }

    // ---- checks ----

    private Map<String, String> exactlyOneOutcomeEach(List<ConsumerRecord<String, byte[]>> events,
                                                      Map<String, Fault> requests) {
        Map<String, List<String>> byKey = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : events) {
            String outcome = "COMPLETED";
            if (record.topic().equals(TOPICS.failed())) {
                InferenceFailed failed = failedSerde.deserializer().deserialize(record.topic(), record.value());
                outcome = failed.getReason().name();
                assertThat(failed.getMessage().getBytes(StandardCharsets.UTF_8).length).as(record.key())
                        .isLessThanOrEqualTo(ApiText.MAX_BYTES);
                Fault fault = requests.get(record.key());
                if (fault == Fault.CANCELLED || fault == Fault.PARTIAL_ERROR) {
                    assertThat(failed.getMessage()).contains(fault == Fault.CANCELLED ? "Cancelled" : "PartialError");
                }
                if (outcome.equals("UNKNOWN")) {
                    assertThat(failed.getMessage()).contains("AnnoLab may have created a job");
                }
                if (fault == Fault.REDIRECT) {
                    assertThat(failed.getMessage()).contains("not followed");
                }
            }
            byKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(outcome);
        }
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(requests.keySet());
        assertThat(byKey.values()).allSatisfy(outcomes -> assertThat(outcomes).hasSize(1));
        Map<String, String> outcomes = new HashMap<>();
        byKey.forEach((key, list) -> outcomes.put(key, list.get(0)));
        return outcomes;
    }

    private void assertSubmissionsCounted(Map<String, Fault> requests) {
        int unusable = 0;
        for (Map.Entry<String, Fault> request : requests.entrySet()) {
            if (request.getValue().expected().equals("UNKNOWN")) {
                unusable++;
                assertThat(api.postsFor(request.getKey())).as(request.getKey() + " POSTs").isEqualTo(2);
            }
            if (request.getValue() == Fault.REDIRECT) {
                assertThat(api.postsFor(request.getKey())).as(request.getKey() + " POSTs").isEqualTo(1);
            }
        }
        String metrics = get("/metrics").body();
        double suspected = metrics.lines().filter(line -> line.startsWith("inferstream_submissions_suspected_double_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        assertThat(suspected).as("every 2xx without a job was counted").isGreaterThanOrEqualTo(2.0 * unusable);
    }

    /** A TIMED_OUT request ended at most the call timeout and a tick after its deadline; returns the worst. */
    private long assertDeadlinesHeld(Map<String, Fault> requests) {
        long latest = Long.MIN_VALUE;
        for (Map.Entry<String, Fault> request : requests.entrySet()) {
            if (!request.getValue().trickles()) {
                continue;
            }
            JsonObject job = get("/jobs/" + request.getKey()).json();
            long late = Instant.parse(job.getString("endedAt")).toEpochMilli()
                    - Instant.parse(job.getString("deadlineAt")).toEpochMilli();
            assertThat(late).as(request.getKey() + " ended after its deadline by")
                    .isBetween(0L, CALL_TIMEOUT.plus(TICK).plus(SLACK).toMillis());
            latest = Math.max(latest, late);
        }
        return latest;
    }

    /** Stops the API: one WARN and a not-ready reason that says so; the request waiting on it still ends. */
    private String apiGoesAway() throws Exception {
        api.close();
        int linesBefore = logs.list.size();
        publish("after-the-api-left", Fault.OK);
        Answer notReady = await("readiness says the API does not answer").atMost(Duration.ofSeconds(30))
                .until(this::ready, answer -> answer.status() == 503);
        String reason = notReady.json().getString("reason");
        // The last failure named may be the refused connection, a call the stopped server left unanswered, or
        // (when the silence began during the 5xx faults before it stopped) the last 5xx, which counts as no answer.
        assertThat(reason).contains("AnnoLab has not answered for")
                .containsAnyOf("connection", "no complete response", "HTTP 5");
        assertThat(notReady.json().getBoolean("apiUnreachable")).isTrue();
        ready();
        ready();
        assertThat(List.copyOf(logs.list).subList(linesBefore, logs.list.size()).stream()
                .filter(event -> event.getLevel() == Level.WARN
                        && event.getFormattedMessage().contains("has not answered for"))).hasSize(1);
        try (TopicReader<byte[], byte[]> failed = TopicReader.bytes(broker.bootstrapServers(), TOPICS.failed(),
                IsolationLevel.READ_COMMITTED)) {
            failed.awaitUntil("the last request ended", Duration.ofSeconds(60), read -> read.stream()
                    .anyMatch(record -> new String(record.key(), StandardCharsets.UTF_8).equals("after-the-api-left")));
        }
        return reason;
    }

    // ---- leak scan ----

    private int recordsScanned;
    private int filesScanned;

    private List<String> allTopics() throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.<String, Object>of(
                "bootstrap.servers", broker.bootstrapServers()))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().sorted().toList();
        }
    }

    private List<String> scanRecords(List<String> topics) {
        List<String> found = new ArrayList<>();
        for (String topic : topics) {
            try (TopicReader<byte[], byte[]> reader = TopicReader.bytes(broker.bootstrapServers(), topic,
                    IsolationLevel.READ_UNCOMMITTED)) {
                for (ConsumerRecord<byte[], byte[]> record : reader.awaitCaughtUp(topic, Duration.ofSeconds(30))) {
                    recordsScanned++;
                    StringBuilder text = new StringBuilder(latin1(record.key())).append(latin1(record.value()));
                    for (Header header : record.headers()) {
                        text.append(header.key()).append(latin1(header.value()));
                    }
                    found.addAll(scan(topic + "@" + record.offset(), text.toString()));
                }
            }
        }
        return found;
    }

    private List<String> scanFiles(Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                filesScanned++;
                found.addAll(scan(file.toString(), latin1(Files.readAllBytes(file))));
            }
        }
        return found;
    }

    /** Each 8-character piece of the key found in {@code text}, ignoring case. */
    private static List<String> scan(String where, String text) {
        String folded = text.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (int start = 0; start + 8 <= KEY.length(); start++) {
            String piece = KEY.substring(start, start + 8).toLowerCase(Locale.ROOT);
            if (folded.contains(piece)) {
                found.add(where + ": " + piece);
            }
        }
        return found;
    }

    private static String latin1(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    // ---- logs ----

    /** Every line the service, the client and Vert.x log, down to DEBUG, kept out of the console. */
    private void captureLogs() {
        logs.start();
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "dev.inferstream", "io.vertx", "io.netty")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            previousLevels.put(name, logger.getLevel());
            logger.addAppender(logs);
            if (!name.equals(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
                logger.setLevel(Level.DEBUG);
                logger.setAdditive(false);
            }
        }
    }

    private void releaseLogs() {
        previousLevels.forEach((name, level) -> {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.detachAppender(logs);
            if (!name.equals(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
                logger.setLevel(level);
                logger.setAdditive(true);
            }
        });
    }

    private String logText() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : logs.list) {
            text.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(t.getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    // ---- plumbing ----

    private record Answer(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    private Answer ready() {
        return get(OpsServer.READY);
    }

    private Answer get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path))
                .timeout(Duration.ofSeconds(20)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            opsAnswers.add(response.body());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void publish(String id, Fault fault) {
        InferenceRequested request = InferenceRequested.newBuilder()
                .setRequestId(id)
                .setGroupName(id)
                .setProjectIdentifier(fault.name())
                .setModelIdentifier("hostile-model")
                .setSourceIds(List.of(1L, 2L))
                .setOutputLayerIdentifier("predictions")
                .setTimeoutSeconds(fault.trickles() ? TRICKLE_TIMEOUT_SECONDS : 120)
                .setPriority(Priority.LIVE)
                .build();
        RequestPublisher.publish(producer, TOPICS.requested(), requestSerde.serializer(), request);
    }

    private InferstreamService.Settings settings() {
        TopologySettings defaults = TopologySettings.defaults();
        TopologySettings topology = defaults.toBuilder()
                .polling(new TopologySettings.Polling(Duration.ofMillis(500), Duration.ofMillis(250),
                        Duration.ofSeconds(1), 0.1, 0.1))
                .retries(new TopologySettings.Retries(Duration.ofMillis(200), Duration.ofSeconds(1), 4, 2,
                        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(2)))
                .limits(TopologySettings.Limits.defaults().withInFlightAndRate(MAX_IN_FLIGHT, 200)
                        .withCallTimeout(CALL_TIMEOUT)).build();
        return new InferstreamService.Settings(APPLICATION_ID, broker.bootstrapServers(),
                Map.of("schema.registry.url", "mock://" + registryScope), stateDir, topology,
                Map.of("commit.interval.ms", "100", "num.stream.threads", "1"), Duration.ofSeconds(30));
    }

    private <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(Map.of("schema.registry.url", "mock://" + registryScope), false);
        return serde;
    }
}
