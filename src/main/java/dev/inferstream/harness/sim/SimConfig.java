package dev.inferstream.harness.sim;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything the simulator does, fixed at start. Build it from {@link #defaults()} with
 * {@link #toBuilder()}, or read a JSON file with {@link SimConfigFile}.
 *
 * @param host            interface to bind; loopback by default so a dev box does not expose it
 * @param port            TCP port, {@code 0} picks a free one
 * @param apiKeys         keys accepted in {@code Authorization: Api-Key <key>}; jobs belong to the key that made them
 * @param projects        known projects; ids and names unique
 * @param models          known models; ids and names unique
 * @param erroredShare    share of jobs that end {@code Errored} instead of {@code Finished}
 * @param queuedFor       how long a job reports {@code Queued} before {@code Running}
 * @param faults          fault probabilities, {@code Retry-After} seconds and the slow-answer delay
 * @param baseLatency     delay before every API answer, so benchmarks see network-like round trips
 * @param trailingComma   write the submit answer with the trailing comma AnnoLab's docs show
 * @param seed            seeds job outcomes, durations and faults so runs repeat
 * @param serverInstances HTTP server instances, each on its own event loop, sharing the port
 * @param tls             serve HTTPS with this certificate instead of plain HTTP
 * @param exports         how exports run and how long their download URLs stay valid
 */
public record SimConfig(String host, int port, Set<String> apiKeys, List<SimProject> projects, List<SimModel> models,
                        double erroredShare, Duration queuedFor, FaultConfig faults, Duration baseLatency,
                        boolean trailingComma, long seed, int serverInstances, Optional<SimTls> tls,
                        ExportConfig exports) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8090;
    public static final String DEFAULT_API_KEY = "sim-api-key";
    /** The project, model and layer of the example request in AnnoLab's API documentation. */
    public static final String DOCUMENTED_PROJECT = "Sample Project";
    public static final String DOCUMENTED_MODEL = "Staple + Classify Documents";
    public static final String DOCUMENTED_LAYER = "Gold Set";
    public static final double DEFAULT_ERRORED_SHARE = 0.1;
    /**
     * The simulator keeps no list of sources: every positive id below this one exists in every project, and
     * none from it on, so a test can name a source an export must refuse.
     */
    public static final long FIRST_MISSING_SOURCE_ID = 900_000_000L;
    public static final Duration DEFAULT_QUEUED_FOR = Duration.ofMillis(250);
    public static final long DEFAULT_SEED = 42L;
    public static final int DEFAULT_SERVER_INSTANCES = Math.max(1, Runtime.getRuntime().availableProcessors());

    public SimConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        apiKeys = Set.copyOf(apiKeys);
        if (apiKeys.isEmpty() || apiKeys.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("at least one API key is needed and none may be blank");
        }
        projects = List.copyOf(projects);
        models = List.copyOf(models);
        requireUnique(projects, SimProject::id, "project id");
        requireUnique(projects, SimProject::name, "project name");
        requireUnique(models, SimModel::id, "model id");
        requireUnique(models, SimModel::name, "model name");
        if (!(erroredShare >= 0.0 && erroredShare <= 1.0)) {
            throw new IllegalArgumentException("erroredShare must be in [0, 1], was " + erroredShare);
        }
        requireNonNegative(queuedFor, "queuedFor");
        Objects.requireNonNull(faults, "faults");
        requireNonNegative(baseLatency, "baseLatency");
        if (serverInstances < 1) {
            throw new IllegalArgumentException("serverInstances must be at least 1, was " + serverInstances);
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(exports, "exports");
    }

    /**
     * Project 1 "demo-project" (layers 10 "predictions", 11 "entities"), project 2 "locked-project" without
     * permission, project 3 "Sample Project" (layer 30 "Gold Set"), models 100 "fast-model" (1-3 s),
     * 101 "slow-model" (8 s), 102 "stuck-model" (never finishes) and 103 "Staple + Classify Documents"
     * (2-5 s). Project 3 and model 103 are the names of AnnoLab's own documented example request, so the
     * docs' request can be sent to the simulator unchanged.
     */
    public static SimConfig defaults() {
        return new SimConfig(DEFAULT_HOST, DEFAULT_PORT, Set.of(DEFAULT_API_KEY),
                List.of(new SimProject(1, "demo-project", true,
                                List.of(new SimLayer(10, "predictions"), new SimLayer(11, "entities"))),
                        new SimProject(2, "locked-project", false, List.of(new SimLayer(20, "predictions"))),
                        new SimProject(3, DOCUMENTED_PROJECT, true, List.of(new SimLayer(30, DOCUMENTED_LAYER)))),
                List.of(new SimModel(100, "fast-model", DurationSpec.uniform(Duration.ofSeconds(1), Duration.ofSeconds(3))),
                        new SimModel(101, "slow-model", DurationSpec.fixed(Duration.ofSeconds(8))),
                        new SimModel(102, "stuck-model", DurationSpec.never()),
                        new SimModel(103, DOCUMENTED_MODEL,
                                DurationSpec.uniform(Duration.ofSeconds(2), Duration.ofSeconds(5)))),
                DEFAULT_ERRORED_SHARE, DEFAULT_QUEUED_FOR, FaultConfig.none(), Duration.ZERO,
                false, DEFAULT_SEED, DEFAULT_SERVER_INSTANCES, Optional.empty(), ExportConfig.defaults());
    }

    public static Builder builder() {
        return defaults().toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static <T> void requireUnique(List<T> items, Function<T, Object> key, String what) {
        Set<Object> seen = new HashSet<>();
        for (T item : items) {
            if (!seen.add(key.apply(item))) {
                throw new IllegalArgumentException("duplicate " + what + ": " + key.apply(item));
            }
        }
    }

    private static void requireNonNegative(Duration duration, String name) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + duration);
        }
    }

    /** Mutable only until {@link #build()}, which validates. */
    public static final class Builder {
        private String host;
        private int port;
        private Set<String> apiKeys;
        private List<SimProject> projects;
        private List<SimModel> models;
        private double erroredShare;
        private Duration queuedFor;
        private FaultConfig faults;
        private Duration baseLatency;
        private boolean trailingComma;
        private long seed;
        private int serverInstances;
        private Optional<SimTls> tls;
        private ExportConfig exports;

        private Builder(SimConfig from) {
            host = from.host;
            port = from.port;
            apiKeys = from.apiKeys;
            projects = from.projects;
            models = from.models;
            erroredShare = from.erroredShare;
            queuedFor = from.queuedFor;
            faults = from.faults;
            baseLatency = from.baseLatency;
            trailingComma = from.trailingComma;
            seed = from.seed;
            serverInstances = from.serverInstances;
            tls = from.tls;
            exports = from.exports;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder apiKeys(Collection<String> apiKeys) {
            this.apiKeys = Set.copyOf(apiKeys);
            return this;
        }

        public Builder apiKeys(String... apiKeys) {
            return apiKeys(List.of(apiKeys));
        }

        public Builder projects(List<SimProject> projects) {
            this.projects = projects;
            return this;
        }

        public Builder models(List<SimModel> models) {
            this.models = models;
            return this;
        }

        public Builder erroredShare(double erroredShare) {
            this.erroredShare = erroredShare;
            return this;
        }

        public Builder queuedFor(Duration queuedFor) {
            this.queuedFor = queuedFor;
            return this;
        }

        public Builder faults(FaultConfig faults) {
            this.faults = faults;
            return this;
        }

        public Builder fault(FaultKind kind, double probability) {
            this.faults = faults.withProbability(kind, probability);
            return this;
        }

        public Builder baseLatency(Duration baseLatency) {
            this.baseLatency = baseLatency;
            return this;
        }

        public Builder trailingComma(boolean trailingComma) {
            this.trailingComma = trailingComma;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder serverInstances(int serverInstances) {
            this.serverInstances = serverInstances;
            return this;
        }

        /** Serve HTTPS with this certificate, e.g. to test a client's truststore against the simulator. */
        public Builder tls(SimTls tls) {
            this.tls = Optional.of(tls);
            return this;
        }

        public Builder exportDuration(DurationSpec duration) {
            this.exports = exports.withDuration(duration);
            return this;
        }

        public Builder exportErroredShare(double share) {
            this.exports = exports.withErroredShare(share);
            return this;
        }

        public Builder downloadUrlLifetime(Duration lifetime) {
            this.exports = exports.withDownloadUrlLifetime(lifetime);
            return this;
        }

        /**
         * Export status URLs point at this base instead of the simulator's own, so a client's refusal to
         * send its key to a foreign host can be tested.
         */
        public Builder exportStatusBase(URI base) {
            this.exports = exports.withStatusBase(Optional.of(base));
            return this;
        }

        public SimConfig build() {
            return new SimConfig(host, port, apiKeys, projects, models, erroredShare, queuedFor, faults,
                    baseLatency, trailingComma, seed, serverInstances, tls, exports);
        }
    }
}
