package dev.inferstream.api;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.KeyStoreOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AnnoLabClient} on the Vert.x HTTP client: non-blocking, one keep-alive connection pool sized
 * to the configured in-flight limit, HTTP/2 when a TLS server offers it through ALPN. Every call ends
 * within the request timeout, whatever the server does: at that time the exchange is reset (HTTP/1.1:
 * its connection closed) and the call answers {@link ApiOutcome.Transient}.
 */
public final class VertxAnnoLabClient implements AnnoLabClient {

    private static final Logger LOG = LoggerFactory.getLogger(VertxAnnoLabClient.class);
    private static final String BATCH_PATH = "/v1/infer/batch";
    private static final String EXPORT_PATH = "/v1/export/project";
    /** Streams a typical server allows per HTTP/2 connection; sizes the HTTP/2 pool to cover max in-flight. */
    private static final int TYPICAL_HTTP2_STREAMS = 100;
    private static final long OWNED_VERTX_CLOSE_SECONDS = 10;

    private final AnnoLabClientConfig config;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HttpClientAgent http;
    private final ResponseClassifier classifier;
    private final ExportClassifier exports;
    private final StatusUrls statusUrls;
    private final TransportFailures failures;
    private final String basePath;
    /**
     * The event loop every call is made on: a stream thread only hands a call over, and building and
     * writing the request does not take its time from ticks and record processing.
     */
    private final Context dispatch;

    /** A client on the caller's Vert.x, which the caller keeps and closes. */
    public VertxAnnoLabClient(Vertx vertx, AnnoLabClientConfig config) {
        this(vertx, config, Clock.systemUTC());
    }

    /** As {@link #VertxAnnoLabClient(Vertx, AnnoLabClientConfig)}; the clock dates Retry-After headers. */
    public VertxAnnoLabClient(Vertx vertx, AnnoLabClientConfig config, Clock clock) {
        this(vertx, false, config, clock);
    }

    /** A client with a Vert.x of its own, closed by {@link #close()}. */
    public static VertxAnnoLabClient create(AnnoLabClientConfig config) {
        Vertx vertx = Vertx.vertx();
        try {
            return new VertxAnnoLabClient(vertx, true, config, Clock.systemUTC());
        } catch (RuntimeException badConfig) {
            vertx.close();
            throw badConfig;
        }
    }

    private VertxAnnoLabClient(Vertx vertx, boolean ownsVertx, AnnoLabClientConfig config, Clock clock) {
        this.config = config;
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        Redactor redactor = new Redactor(config.apiKeys());
        this.classifier = new ResponseClassifier(clock, redactor);
        this.statusUrls = new StatusUrls(config.baseUrl(), redactor);
        this.exports = new ExportClassifier(classifier, statusUrls, new DownloadUrls(redactor));
        this.failures = new TransportFailures(config.connectTimeout(), config.requestTimeout(), redactor);
        String path = config.baseUrl().getRawPath() == null ? "" : config.baseUrl().getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.http = vertx.createHttpClient(httpClientOptions(config), poolOptions(config));
        this.dispatch = vertx.getOrCreateContext();
    }

    @Override
    public CompletionStage<SubmitOutcome> submit(SubmitRequest request) {
        Optional<Buffer> body = Optional.of(Buffer.buffer(SubmitBody.encode(request)));
        return call(HttpMethod.POST, basePath + BATCH_PATH, body, classifier::submit);
    }

    @Override
    public CompletionStage<StatusOutcome> status(long jobId) {
        return call(HttpMethod.GET, basePath + BATCH_PATH + "/" + jobId, Optional.empty(),
                (answer, latency) -> classifier.status(jobId, answer, latency));
    }

    @Override
    public CompletionStage<ExportStartOutcome> startExport(ExportRequest request) {
        Optional<Buffer> body = Optional.of(Buffer.buffer(ExportBody.encode(request)));
        return call(HttpMethod.POST, basePath + EXPORT_PATH, body, exports::start);
    }

    /** The URL is checked again here: a base URL changed since the export started must not receive the key. */
    @Override
    public CompletionStage<ExportStatusOutcome> exportStatus(String statusUrl) {
        StatusUrls.Checked checked = statusUrls.check(statusUrl);
        if (checked instanceof StatusUrls.OnBase onBase) {
            return call(HttpMethod.GET, onBase.requestUri(), Optional.empty(),
                    (answer, latency) -> exports.status(onBase.url(), answer, latency));
        }
        String why = checked instanceof StatusUrls.Elsewhere elsewhere ? elsewhere.message()
                : ((StatusUrls.Malformed) checked).cause();
        return CompletableFuture.completedFuture(
                new ApiOutcome.UntrustedStatusUrl(why, ApiOutcome.NO_RESPONSE, Duration.ZERO));
    }

    /** {@code path} is the request's path (and query) on the API host, the base URL's path included. */
    private <T extends ApiOutcome> CompletionStage<T> call(HttpMethod method, String path, Optional<Buffer> body,
                                                         BiFunction<HttpAnswer, Duration, T> classify) {
        long started = System.nanoTime();
        CompletableFuture<T> outcome = new CompletableFuture<>();
        Handler<AsyncResult<HttpAnswer>> settle = result -> {
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            T classified;
            try {
                classified = result.succeeded()
                        ? classify.apply(result.result(), latency)
                        : transientOutcome(failures.describe(result.cause()), latency);
            } catch (RuntimeException bug) {
                // Callers wait on this stage; a classification bug must not leave it pending for ever.
                LOG.warn("could not classify the answer to {} {}: {}", method, path, bug.getClass().getName());
                classified = transientOutcome("unclassifiable answer: " + bug.getClass().getSimpleName(), latency);
            }
            log(method, path, classified);
            outcome.complete(classified);
        };
        try {
            dispatch.runOnContext(ignored -> {
                try {
                    exchange(method, path, body).onComplete(settle);
                } catch (RuntimeException broken) {
                    // Whatever failed while starting the call, the caller still waits for an outcome.
                    settle.handle(Future.failedFuture(broken));
                }
            });
        } catch (RuntimeException closed) {
            // A closed Vert.x rejects the hand-over; the interface still promises an outcome.
            settle.handle(Future.failedFuture(closed));
        }
        return outcome;
    }

    /**
     * One request and its whole answer, on the dispatch event loop. A timer bounds the exchange from
     * the start: when it fires first, the call fails and the stream is reset, whether the request was
     * still waiting for a connection, for headers, or for the rest of a trickling body.
     */
    private Future<HttpAnswer> exchange(HttpMethod method, String path, Optional<Buffer> body) {
        Promise<HttpAnswer> answer = Promise.promise();
        Exchange exchange = new Exchange(answer);
        long timer = vertx.setTimer(config.requestTimeout().toMillis(), fired -> exchange.expire());
        Future<HttpClientRequest> opened;
        try {
            opened = http.request(requestOptions(method, path));
        } catch (RuntimeException closed) {
            // A closed client throws instead of failing the future; the interface promises an outcome.
            opened = Future.failedFuture(closed);
        }
        opened.compose(request -> exchange.send(request, body))
                .compose(response -> BoundedBody.read(response, config.maxResponseBytes())
                        .map(bytes -> answer(response, bytes)))
                .onComplete(result -> {
                    vertx.cancelTimer(timer);
                    if (result.succeeded()) {
                        answer.tryComplete(result.result());
                    } else {
                        answer.tryFail(result.cause());
                    }
                });
        return answer.future();
    }

    /** The state of one exchange; touched only on the dispatch event loop. */
    private final class Exchange {
        private final Promise<HttpAnswer> answer;
        private HttpClientRequest request;

        Exchange(Promise<HttpAnswer> answer) {
            this.answer = answer;
        }

        Future<HttpClientResponse> send(HttpClientRequest opened, Optional<Buffer> body) {
            if (answer.future().isComplete()) {
                // The timeout fired while the connection was being made: nobody waits for this request.
                opened.reset();
                return Future.failedFuture(failures.callTimedOut());
            }
            request = opened;
            opened.putHeader(HttpHeaders.AUTHORIZATION, "Api-Key " + config.apiKeys().current().reveal())
                    .putHeader(HttpHeaders.ACCEPT, "application/json")
                    .putHeader(HttpHeaders.USER_AGENT, config.userAgent());
            if (body.isEmpty()) {
                return opened.send();
            }
            opened.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
            return opened.send(body.get());
        }

        void expire() {
            if (answer.tryFail(failures.callTimedOut()) && request != null) {
                request.reset();
            }
        }
    }

    private RequestOptions requestOptions(HttpMethod method, String path) {
        return new RequestOptions()
                .setMethod(method)
                .setHost(config.baseUrl().getHost())
                .setPort(port())
                .setSsl(config.usesTls())
                .setURI(path)
                // A redirect would carry the Authorization header to wherever it points.
                .setFollowRedirects(false)
                .setConnectTimeout(config.connectTimeout().toMillis());
    }

    private static HttpAnswer answer(HttpClientResponse response, Buffer body) {
        return new HttpAnswer(response.statusCode(),
                Optional.ofNullable(response.getHeader(HttpHeaders.RETRY_AFTER)),
                Optional.ofNullable(response.getHeader(HttpHeaders.LOCATION)),
                body.getBytes());
    }

    /** Transient is both a SubmitOutcome and a StatusOutcome, so it is a valid T for either call. */
    @SuppressWarnings("unchecked")
    private static <T extends ApiOutcome> T transientOutcome(String cause, Duration latency) {
        return (T) new ApiOutcome.Transient(cause, ApiOutcome.NO_RESPONSE, latency);
    }

    private void log(HttpMethod method, String path, ApiOutcome outcome) {
        if (!LOG.isDebugEnabled()) {
            return;
        }
        // Causes and messages were scrubbed of the key when the outcome was made.
        String detail = outcome instanceof ApiOutcome.Transient failure ? " (" + failure.cause() + ")"
                : outcome instanceof ApiOutcome.UnusableAnswer unusable ? " (" + unusable.cause() + ")" : "";
        LOG.debug("{} {} -> {} {} in {} ms{}", method, path, outcome.httpStatus(),
                outcome.getClass().getSimpleName(), outcome.latency().toMillis(), detail);
    }

    private int port() {
        int port = config.baseUrl().getPort();
        return port != -1 ? port : config.usesTls() ? 443 : 80;
    }

    private static HttpClientOptions httpClientOptions(AnnoLabClientConfig config) {
        HttpClientOptions options = new HttpClientOptions()
                .setMaxRedirects(0)
                .setKeepAlive(true)
                .setConnectTimeout(Math.toIntExact(config.connectTimeout().toMillis()));
        if (config.usesTls()) {
            // ALPN offers h2 and http/1.1; servers without HTTP/2 are served over HTTP/1.1.
            options.setSsl(true).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2);
            config.truststore().ifPresent(truststore -> options.setTrustOptions(trustOptions(truststore)));
        } else {
            // No h2c: cleartext HTTP/2 upgrades are rarely supported and HTTP/1.1 keep-alive serves well.
            options.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        return options;
    }

    /** HTTP/1.1 carries one call per connection, so the pool must be as large as the in-flight limit. */
    private static PoolOptions poolOptions(AnnoLabClientConfig config) {
        int http2Connections = Math.max(1,
                (config.maxInFlight() + TYPICAL_HTTP2_STREAMS - 1) / TYPICAL_HTTP2_STREAMS);
        return new PoolOptions().setHttp1MaxSize(config.maxInFlight()).setHttp2MaxSize(http2Connections);
    }

    /** Reads the truststore now, so a wrong path or password stops the start instead of failing every call. */
    private static KeyStoreOptions trustOptions(AnnoLabClientConfig.Truststore truststore) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(truststore.path());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read truststore " + truststore.path(), e);
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            KeyStore.getInstance(truststore.format().name()).load(in, truststore.password().toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open " + truststore + ": " + e.getMessage(), e);
        }
        return new KeyStoreOptions()
                .setType(truststore.format().name())
                .setValue(Buffer.buffer(bytes))
                .setPassword(truststore.password());
    }

    @Override
    public void close() {
        Future<Void> closing = http.close();
        Future<Void> closed = ownsVertx ? closing.eventually(() -> vertx.close()) : closing;
        // Blocking on an event loop would deadlock the close itself.
        if (ownsVertx && !Context.isOnVertxThread()) {
            try {
                closed.await(OWNED_VERTX_CLOSE_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException slow) {
                LOG.warn("Vert.x did not close within {} s", OWNED_VERTX_CLOSE_SECONDS);
            }
        }
    }

    @Override
    public String toString() {
        return "VertxAnnoLabClient[" + config + "]";
    }
}
