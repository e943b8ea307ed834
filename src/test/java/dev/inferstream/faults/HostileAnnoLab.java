package dev.inferstream.faults;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * AnnoLab as badly as it can answer, on a loopback port: each request's projectIdentifier names its
 * {@link Fault}, its groupName the requestId, so the server can count POSTs per request. Answers echo
 * the Authorization header (the key) wherever a careless server might.
 */
final class HostileAnnoLab implements AutoCloseable {

    private static final String BATCH = "/v1/infer/batch";
    private static final int MEGABYTE = 1_000_000;

    private record Job(Fault fault, AtomicInteger checks) {}

    private final Vertx vertx;
    private final HttpServer server;
    private final String elsewhere;
    private final Map<String, AtomicInteger> postsByRequest = new ConcurrentHashMap<>();
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong nextJobId = new AtomicLong(5_000);
    private final AtomicInteger openTrickles = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();

    /** @param elsewhere base URL of another host, where redirects point */
    HostileAnnoLab(Vertx vertx, String elsewhere) throws Exception {
        this.vertx = vertx;
        this.elsewhere = elsewhere;
        this.server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> answer(request, body)))
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    int postsFor(String requestId) {
        AtomicInteger posts = postsByRequest.get(requestId);
        return posts == null ? 0 : posts.get();
    }

    /** Trickling answers whose connection the client has not closed yet. */
    int openTrickles() {
        return openTrickles.get();
    }

    /** Every request this server received, whatever it asked. */
    int requestsReceived() {
        return received.get();
    }

    private void answer(HttpServerRequest request, Buffer body) {
        received.incrementAndGet();
        String key = request.getHeader("Authorization");
        if (request.path().equals(BATCH)) {
            JsonObject submitted = body.toJsonObject();
            postsByRequest.computeIfAbsent(submitted.getString("groupName"), id -> new AtomicInteger())
                    .incrementAndGet();
            post(request.response(), Fault.valueOf(submitted.getString("projectIdentifier")), key);
        } else {
            long jobId = Long.parseLong(request.path().substring(BATCH.length() + 1));
            Job job = jobs.get(jobId);
            status(request.response(), jobId, job.fault(), job.checks().incrementAndGet(), key);
        }
    }

    private void post(HttpServerResponse response, Fault fault, String key) {
        switch (fault) {
            case TRICKLE_POST -> trickle(response);
            case REDIRECT -> response.setStatusCode(307)
                    .putHeader("Location", elsewhere + BATCH + "?auth=" + key.replace(' ', '+')).end();
            case HTML_201 -> response.setStatusCode(201).putHeader("Content-Type", "text/html")
                    .end("<html><body>" + "Welcome! ".repeat(30) + key + "</body></html>");
            case EMPTY_OBJECT_201 -> response.setStatusCode(201).end("{}");
            case HUGE_ID_201 -> response.setStatusCode(201)
                    .end("{\"inferenceJobId\": 12345678901234567890, \"status\": \"Queued\"}");
            case NEGATIVE_ID_201 -> response.setStatusCode(201).end("{\"inferenceJobId\": -5, \"status\": \"Queued\"}");
            case NUMERIC_STATUS_201 -> response.setStatusCode(201).end("{\"inferenceJobId\": 77, \"status\": 3}");
            case MEGA_400 -> response.setStatusCode(400).end(new JsonObject().put("message",
                    "invalid request " + "x".repeat(250) + " Authorization: " + key + " " + "y".repeat(MEGABYTE))
                    .encode());
            case MEGA_500 -> response.setStatusCode(500).end(new JsonObject().put("message",
                    "boom ".repeat(50) + key.toUpperCase(Locale.ROOT) + " " + pieces(key) + " z".repeat(MEGABYTE / 2))
                    .encode());
            case ECHO_403 -> response.setStatusCode(403).end(new JsonObject().put("message",
                    "no Model Run permission for " + pieces(key)).encode());
            default -> created(response, fault);
        }
    }

    private void created(HttpServerResponse response, Fault fault) {
        long jobId = nextJobId.getAndIncrement();
        jobs.put(jobId, new Job(fault, new AtomicInteger()));
        if (fault == Fault.SLOPPY) {
            response.setStatusCode(201).end("{\"inferenceJobId\": \"" + jobId + "\", \"status\": \"queued\",}");
        } else {
            response.setStatusCode(201).end(new JsonObject().put("inferenceJobId", jobId).put("status", "Queued")
                    .encode());
        }
    }

    private void status(HttpServerResponse response, long jobId, Fault fault, int check, String key) {
        switch (fault) {
            case TRICKLE_STATUS -> trickle(response);
            case SLOPPY -> response.setStatusCode(200)
                    .end("{\"inferenceJobId\": \"" + jobId + "\", \"status\": \"FINISHED\", \"sourceIds\": [1,],}");
            case UNKNOWN_STATUS -> job(response, jobId, check <= 2 ? "Uploading" : "Finished");
            case UNUSABLE_STATUS_ONCE -> {
                if (check == 1) {
                    response.setStatusCode(200).end("<html>" + key + "</html>");
                } else {
                    job(response, jobId, "Finished");
                }
            }
            case ECHO_STATUS -> job(response, jobId, check == 1 ? key : "Finished");
            case CANCELLED -> job(response, jobId, "Cancelled");
            case PARTIAL_ERROR -> job(response, jobId, "PartialError");
            default -> job(response, jobId, "Finished");
        }
    }

    private static void job(HttpServerResponse response, long jobId, String status) {
        response.setStatusCode(200).end(new JsonObject().put("inferenceJobId", jobId).put("status", status)
                .put("projectName", "hostile").encode());
    }

    /** Headers and a first byte, then a byte every 100 ms until the client hangs up. */
    private void trickle(HttpServerResponse response) {
        openTrickles.incrementAndGet();
        response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/json").write("{");
        long timer = vertx.setPeriodic(100, id -> response.write(" "));
        response.closeHandler(closed -> {
            vertx.cancelTimer(timer);
            openTrickles.decrementAndGet();
        });
    }

    /** The key (after "Api-Key ") in pieces of 9 characters, separated by spaces. */
    private static String pieces(String header) {
        String key = header.substring("Api-Key ".length());
        StringBuilder pieces = new StringBuilder();
        for (int start = 0; start < key.length(); start += 9) {
            pieces.append(key, start, Math.min(key.length(), start + 9)).append(' ');
        }
        return pieces.toString();
    }

    @Override
    public void close() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }
}
