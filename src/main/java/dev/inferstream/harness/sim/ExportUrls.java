package dev.inferstream.harness.sim;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The absolute URLs the export answers hand out: status URLs and signed download URLs. */
final class ExportUrls {

    static final String STATUS_PATH = "/v1/export/status/";
    static final String DOWNLOAD_PATH = "/downloads/exports/";

    private final Optional<URI> statusBase;
    private final Duration lifetime;
    private final DownloadSigner signer;

    ExportUrls(SimState state) {
        this.statusBase = state.config().exports().statusBase();
        this.lifetime = state.config().exports().downloadUrlLifetime();
        this.signer = state.signer();
    }

    /** On the simulator's own base, unless the config points status URLs at a foreign one. */
    String status(RoutingContext ctx, long exportId) {
        String base = statusBase.map(ExportUrls::withoutTrailingSlash).orElseGet(() -> ownBase(ctx.request()));
        return base + STATUS_PATH + exportId;
    }

    /** Valid for the configured lifetime from {@code now}, rounded up to the whole second the URL states. */
    String download(RoutingContext ctx, long exportId, Instant now) {
        Instant until = now.plus(lifetime);
        long expires = until.getEpochSecond() + (until.getNano() > 0 ? 1 : 0);
        return ownBase(ctx.request()) + DOWNLOAD_PATH + exportId + "?expires=" + expires
                + "&signature=" + signer.sign(exportId, expires);
    }

    /**
     * The scheme this connection speaks and the authority the client addressed (its Host header), so the
     * URL works from wherever the client stands: behind a compose service name as well as on loopback.
     * Without a Host header, the address the connection reached.
     */
    private static String ownBase(HttpServerRequest request) {
        String scheme = request.isSSL() ? "https" : "http";
        HostAndPort authority = request.authority();
        if (authority == null) {
            return scheme + "://" + bracketed(request.localAddress().hostAddress()) + ":" + request.localAddress().port();
        }
        return scheme + "://" + bracketed(authority.host()) + (authority.port() < 0 ? "" : ":" + authority.port());
    }

    private static String bracketed(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String withoutTrailingSlash(URI base) {
        String text = base.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
