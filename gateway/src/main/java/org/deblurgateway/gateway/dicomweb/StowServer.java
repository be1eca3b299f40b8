package org.deblurgateway.gateway.dicomweb;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.spi.CamelEvent;
import org.deblurgateway.dicom.AeTitles;
import org.deblurgateway.dicom.DataSetLimit;
import org.deblurgateway.dicom.scp.PartTenIngest;
import org.deblurgateway.dicom.scp.Spool;
import org.deblurgateway.dicom.web.MediaTypes;
import org.deblurgateway.dicom.web.MultipartRelatedReader;
import org.deblurgateway.dicom.web.StowResponse;
import org.deblurgateway.gateway.DicomListenerConfig;
import org.deblurgateway.gateway.JmsIngestPublisher;
import org.deblurgateway.gateway.SpoolSpace;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.spool.DataDir;
import org.jboss.logging.Logger;

/**
 * The DICOMweb STOW-RS ingest ({@code POST /dicomweb/studies}) on a port of its own, {@code gateway.dicomweb.port}
 * (off when unset): a Vert.x HTTP server apart from the console's, logins checked against the console's users (HTTP
 * Basic, same realm), the body streamed part by part into the listener's durable receive path. The answer comes
 * only once every stored part is durable and announced, like a C-STORE Success.
 */
@ApplicationScoped
public class StowServer {

    private static final Logger LOG = Logger.getLogger(StowServer.class);
    static final String PATH = "/dicomweb/studies";
    private static final String REALM = "DeblurGateway";

    private final DicomWebConfig config;
    private final DicomListenerConfig listenerConfig;
    private final JmsIngestPublisher publisher;
    private final DataDir dataDir;
    private final SpoolSpace spoolSpace;
    private final Vertx vertx;
    private final IdentityProviderManager identities;
    private final boolean enabled;
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private ThreadPoolExecutor workers;
    private ThreadPoolExecutor syncPool;
    private StowIngest ingest;

    public StowServer(
            DicomWebConfig config,
            DicomListenerConfig listenerConfig,
            JmsIngestPublisher publisher,
            DataDir dataDir,
            SpoolSpace spoolSpace,
            GatewayConfig gateway,
            Vertx vertx,
            IdentityProviderManager identities) {
        this.config = config;
        this.listenerConfig = listenerConfig;
        this.publisher = publisher;
        this.dataDir = dataDir;
        this.spoolSpace = spoolSpace;
        this.vertx = vertx;
        this.identities = identities;
        this.enabled = gateway.role().hostsPipeline() && config.port().isPresent();
    }

    // After the DICOM listener (default priority), which prepares the receive spool this server writes into.
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event) {
        start();
    }

    void onCamelStopping(@Observes CamelEvent.CamelContextStoppingEvent event) {
        stop();
    }

    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        stop();
    }

    synchronized void start() {
        if (!enabled || server != null) {
            return;
        }
        if (!AeTitles.isValid(config.callingAeTitle())) {
            throw new IllegalArgumentException("gateway.dicomweb.calling-ae-title '" + config.callingAeTitle()
                    + "' is not a valid AE title (" + AeTitles.RULE + ")");
        }
        workers = new ThreadPoolExecutor(
                config.maxRequests(), config.maxRequests(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "stow-rs-" + requests.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        syncPool = new ThreadPoolExecutor(
                config.maxRequests(), config.maxRequests(), 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "stow-rs-fsync");
                    t.setDaemon(true);
                    return t;
                });
        syncPool.allowCoreThreadTimeOut(true);
        Spool spool = dataDir.receiveSpool();
        ingest = new StowIngest(
                new PartTenIngest(
                        spool,
                        publisher,
                        syncPool,
                        new DataSetLimit(listenerConfig.maxObjectSize().asLongValue()),
                        spoolSpace.floorFor(spool)),
                config.callingAeTitle().trim(),
                listenerConfig.aeTitle());
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.bindAddress())
                .setPort(config.port().getAsInt())
                .setHandle100ContinueAutomatically(false)
                .setIdleTimeout((int) Math.max(1, config.readTimeout().toSeconds()))
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        HttpServer s = vertx.createHttpServer(options).requestHandler(this::handle);
        try {
            s.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException(
                    "DICOMweb STOW-RS server cannot listen on " + config.bindAddress() + ":"
                            + config.port().getAsInt() + ": " + e.getMessage(),
                    e));
        }
        server = s;
        LOG.infof(
                "DGW-WEB-001 DICOMweb STOW-RS listening on http://%s:%d%s", config.bindAddress(), s.actualPort(), PATH);
    }

    synchronized void stop() {
        if (server == null) {
            return;
        }
        server.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS);
        server = null;
        workers.shutdown();
        try {
            // Requests being stored may still commit their announcements before Camel and the broker stop.
            if (!workers.awaitTermination(listenerConfig.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        syncPool.shutdown();
    }

    /** The port in use (for tests that ask for port 0); -1 when off. */
    public synchronized int port() {
        return server == null ? -1 : server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        request.pause(); // nothing of the body is read before the login and the media type are checked
        Context context = vertx.getOrCreateContext();
        String path = request.path();
        if (!PATH.equals(path) && !(PATH + "/").equals(path)) {
            answer(request, 404, "text/plain", "not found: STOW-RS takes POST " + PATH + "\n");
            return;
        }
        if (request.method() != HttpMethod.POST) {
            request.response().putHeader("Allow", "POST");
            answer(request, 405, "text/plain", "only POST (STOW-RS) is served here\n");
            return;
        }
        Optional<UsernamePasswordAuthenticationRequest> login = basicLogin(request.getHeader("Authorization"));
        if (login.isEmpty()) {
            request.response().putHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
            answer(request, 401, "text/plain", "login required (HTTP Basic, a console user)\n");
            return;
        }
        String user = login.get().getUsername();
        identities
                .authenticate(login.get())
                .subscribe()
                .with(
                        identity -> context.runOnContext(v -> authorised(request, context, identity)),
                        failure -> context.runOnContext(v -> {
                            LOG.warnf(
                                    "DGW-WEB-020 STOW-RS login refused for '%s' from %s",
                                    user, request.remoteAddress());
                            request.response().putHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                            answer(request, 401, "text/plain", "login refused\n");
                        }));
    }

    private void authorised(HttpServerRequest request, Context context, SecurityIdentity identity) {
        String user = identity.getPrincipal().getName();
        if (config.rolesAllowed().stream().noneMatch(identity::hasRole)) {
            LOG.warnf("DGW-WEB-021 STOW-RS refused for '%s' (role not in %s)", user, config.rolesAllowed());
            answer(
                    request,
                    403,
                    "text/plain",
                    "this user may not store (roles allowed: " + config.rolesAllowed() + ")\n");
            return;
        }
        String contentType =
                Optional.ofNullable(request.getHeader("Content-Type")).orElse("");
        String type = MediaTypes.parameter(contentType, "type")
                .map(MediaTypes::essence)
                .orElse(MediaTypes.DICOM);
        if (!MediaTypes.MULTIPART_RELATED.equals(MediaTypes.essence(contentType)) || !MediaTypes.DICOM.equals(type)) {
            answer(
                    request,
                    415,
                    "text/plain",
                    "STOW-RS here takes multipart/related; type=\"application/dicom\" (got '" + contentType + "')\n");
            return;
        }
        Optional<String> boundary =
                MediaTypes.parameter(contentType, "boundary").filter(b -> !b.isEmpty());
        if (boundary.isEmpty() || boundary.get().length() > MultipartRelatedReader.MAX_BOUNDARY) {
            answer(request, 400, "text/plain", "multipart/related without a valid boundary parameter\n");
            return;
        }
        boolean xml = prefersXml(request.getHeader("Accept"));
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue(); // only now: a refused client need not send its body
        }
        String label = "STOW-RS " + user + "@" + request.remoteAddress();
        RequestBodyStream body = new RequestBodyStream(request, context, config.readTimeout());
        try {
            workers.execute(() -> store(request, context, body, boundary.get(), label, xml));
        } catch (RejectedExecutionException e) {
            body.drain();
            request.response().putHeader("Retry-After", "5");
            answer(request, 503, "text/plain", "too many STOW-RS requests at once; try again\n");
        }
    }

    private void store(
            HttpServerRequest request,
            Context context,
            RequestBodyStream body,
            String boundary,
            String label,
            boolean xml) {
        long started = System.nanoTime();
        StowResponse response;
        try {
            response = ingest.store(body, boundary, label);
        } catch (IOException | RuntimeException e) {
            // The request broke off (client gone, read timeout): nothing of the interrupted part was kept.
            LOG.warnf("DGW-WEB-013 %s broke off: %s", label, e.toString());
            body.drain();
            context.runOnContext(v -> answer(request, 400, "text/plain", "the request broke off\n"));
            return;
        }
        long stored = response.instances().stream().filter(i -> i.status() == 0).count();
        int status = response.httpStatus();
        LOG.infof(
                "DGW-WEB-002 %s: %d instance(s) stored, %d failed, HTTP %d in %d ms",
                label, stored, response.instances().size() - stored, status, (System.nanoTime() - started) / 1_000_000);
        body.drain();
        String text = xml ? response.xml() : response.json();
        String media = xml ? MediaTypes.DICOM_XML : MediaTypes.DICOM_JSON;
        context.runOnContext(v -> answer(request, status, media, text));
    }

    private static boolean prefersXml(String accept) {
        if (accept == null) {
            return false;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        return lower.contains(MediaTypes.DICOM_XML) && !lower.contains(MediaTypes.DICOM_JSON);
    }

    private static Optional<UsernamePasswordAuthenticationRequest> basicLogin(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new UsernamePasswordAuthenticationRequest(
                decoded.substring(0, colon),
                new PasswordCredential(decoded.substring(colon + 1).toCharArray())));
    }

    private static void answer(HttpServerRequest request, int status, String contentType, String body) {
        if (request.response().ended() || request.response().closed()) {
            return;
        }
        if (status >= 400 && !contentType.startsWith("application/dicom")) {
            LOG.infof(
                    "DGW-WEB-014 %s %s from %s answered %d: %s",
                    request.method(), request.path(), request.remoteAddress(), status, body.strip());
        }
        if (!request.isEnded()) {
            // Answered before the body was read (refused, or malformed from some point on): drop the rest of it and
            // close the connection rather than keep a half-read request on it.
            request.handler(ignored -> {});
            request.resume();
            request.response().putHeader("Connection", "close");
        }
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", contentType)
                .end(body);
    }
}
