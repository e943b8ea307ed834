package dev.inferstream.harness.sim;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * One HTTP server on one event loop. Several instances listen on the same port and Vert.x spreads
 * connections over them; all share one {@link SimState}.
 */
final class SimVerticle extends VerticleBase {

    private static final long BODY_LIMIT_BYTES = 1 << 20;

    private final SimState state;
    private final int port;
    private HttpServer server;

    SimVerticle(SimState state, int port) {
        this.state = state;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        // Bodies are read before any delay, while the request still streams; status checks have none to read.
        router.post("/v1/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        router.route("/v1/*")
                .handler(new FaultInjector(state))
                .handler(new ApiKeyCheck(state));
        router.post("/v1/infer/batch").handler(new SubmitHandler(state));
        router.get("/v1/infer/batch/:jobId").handler(new StatusHandler(state));
        router.post("/v1/export/project").handler(new ExportHandler(state));
        router.get(ExportUrls.STATUS_PATH + ":exportId").handler(new ExportStatusHandler(state));
        // Outside /v1: object storage, which neither checks the API key nor shares the API's faults.
        router.get(ExportUrls.DOWNLOAD_PATH + ":exportId").handler(new DownloadHandler(state));
        // A snapshot sorts every job, which with a million of them would stall this event loop.
        router.get("/_sim/stats").handler(ctx -> vertx
                .executeBlocking(() -> Json.write(StatsJson.render(state.snapshot())), false)
                .onSuccess(body -> Json.answer(ctx, 200, body))
                .onFailure(ctx::fail));
        router.post("/_sim/reset").handler(ctx -> {
            state.reset();
            ctx.response().setStatusCode(204).end();
        });
        router.post("/_sim/keys/rotate").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES))
                .handler(new KeyRotationHandler(state));
        return vertx.createHttpServer(serverOptions())
                .requestHandler(router)
                .listen(port, state.config().host())
                .onSuccess(listening -> server = listening);
    }

    private HttpServerOptions serverOptions() {
        HttpServerOptions options = new HttpServerOptions();
        state.config().tls().ifPresent(tls -> options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(tls.certificate().toString())
                .setKeyPath(tls.privateKey().toString())));
        return options;
    }

    /** The bound port, meaningful once started; differs from the configured one when that was 0. */
    int actualPort() {
        return server.actualPort();
    }
}
