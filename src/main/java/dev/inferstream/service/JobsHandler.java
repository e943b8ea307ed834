package dev.inferstream.service;

import dev.inferstream.state.JobState;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /jobs/{requestId}}: answered from the local store when this instance owns the key,
 * otherwise relayed to the owner. A relayed request carries {@link #FORWARDED} so that two instances
 * with different views of a moving assignment cannot bounce it between them.
 */
final class JobsHandler implements Handler<RoutingContext> {

    static final String FORWARDED = "X-Inferstream-Forwarded";
    static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(JobsHandler.class);

    private final Vertx vertx;
    private final JobOwners owners;
    private final LocalJobs jobs;
    private final WebClient peers;

    JobsHandler(Vertx vertx, JobOwners owners, LocalJobs jobs, WebClient peers) {
        this.vertx = vertx;
        this.owners = owners;
        this.jobs = jobs;
        this.peers = peers;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String requestId = ctx.pathParam("requestId");
        // Asking for the owner waits on Streams' metadata lock; like the store read, keep it off the event loop.
        vertx.executeBlocking(() -> owners.ownerOf(requestId), false).onComplete(located -> {
            if (located.failed()) {
                log.debug("owner of {} could not be determined", requestId, located.cause());
                unavailable(ctx, "the owner of this requestId could not be determined now (Kafka Streams may be "
                        + "rebalancing); try again");
                return;
            }
            JobOwners.Owner owner = located.result();
            if (owner instanceof JobOwners.Local local) {
                answerLocally(ctx, requestId, local);
            } else if (owner instanceof JobOwners.Remote remote) {
                forward(ctx, requestId, remote);
            } else if (owner instanceof JobOwners.Unavailable unavailable) {
                unavailable(ctx, unavailable.reason());
            }
        });
    }

    private void answerLocally(RoutingContext ctx, String requestId, JobOwners.Local local) {
        Future<Optional<JobState>> read = vertx.executeBlocking(() -> jobs.find(requestId, local.partition()), false);
        read.onComplete(result -> {
            if (result.failed()) {
                String reason = result.cause() instanceof InvalidStateStoreException
                        ? "the jobs store is migrating: " + result.cause().getMessage()
                        : "the jobs store could not be read: " + result.cause().getMessage();
                unavailable(ctx, reason);
            } else if (result.result().isEmpty()) {
                JsonAnswers.send(ctx, 404, new JsonObject().put("error", "no job for requestId " + requestId
                        + " (never accepted, or ended longer ago than the dedupe retention)"));
            } else {
                JsonAnswers.send(ctx, 200, JobJson.of(result.result().get()));
            }
        });
    }

    private void forward(RoutingContext ctx, String requestId, JobOwners.Remote remote) {
        String owner = remote.host().host() + ":" + remote.host().port();
        if (ctx.request().getHeader(FORWARDED) != null) {
            unavailable(ctx, "ownership of " + requestId + " is moving (the forwarding instance and this one "
                    + "disagree about the owner, now " + owner + ")");
            return;
        }
        var forward = peers.get(remote.host().port(), remote.host().host(), "/jobs/" + pathSegment(requestId))
                .putHeader(FORWARDED, "true")
                .timeout(FORWARD_TIMEOUT.toMillis());
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization != null) {
            forward.putHeader("Authorization", authorization);
        }
        forward.send()
                .onComplete(relayed -> {
                    if (relayed.failed()) {
                        // The cause names internal classes; it is logged, and the caller learns what it can act on.
                        log.debug("forwarding /jobs/{} to {} failed", requestId, owner, relayed.cause());
                        JsonAnswers.send(ctx, 502, new JsonObject().put("error", "the instance that owns this "
                                + "requestId (" + owner + ") did not answer within " + FORWARD_TIMEOUT.toSeconds()
                                + " s; try again"));
                        return;
                    }
                    relay(ctx, relayed.result());
                });
    }

    private static void relay(RoutingContext ctx, HttpResponse<Buffer> answer) {
        String contentType = answer.getHeader("Content-Type");
        if (contentType != null) {
            ctx.response().putHeader("Content-Type", contentType);
        }
        Buffer body = answer.body();
        ctx.response().setStatusCode(answer.statusCode()).end(body == null ? Buffer.buffer() : body);
    }

    private static void unavailable(RoutingContext ctx, String reason) {
        ctx.response().putHeader("Retry-After", "1");
        JsonAnswers.send(ctx, 503, new JsonObject().put("error", reason));
    }

    /** Request ids are free text: encode every reserved character so the owner sees the same id. */
    private static String pathSegment(String requestId) {
        return URLEncoder.encode(requestId, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
