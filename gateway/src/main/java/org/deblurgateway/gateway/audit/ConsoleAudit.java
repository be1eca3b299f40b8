package org.deblurgateway.gateway.audit;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.quarkus.security.spi.runtime.SecurityEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;

/**
 * User Authentication and Query messages for the console. A login is the form post to {@code /j_security_check}
 * answered with the landing page; a failed login is that post refused, or a request with wrong basic credentials
 * (Quarkus' failure event). A request authenticated by its session cookie or basic credentials is no new login.
 */
@ApplicationScoped
public class ConsoleAudit {

    private static final String FORM_POST = "/j_security_check";
    /** Ahead of the authentication handlers, so the answer to the form post is seen. */
    private static final int LOGIN_FILTER_PRIORITY = 1000;

    private final AuditLog audit;

    public ConsoleAudit(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * A successful form login: Quarkus' form mechanism answers the post itself (a redirect to the landing page, or to
     * the error page when the password was wrong) without a success event, so the answer is watched here.
     */
    void watchFormLogins(@Observes Filters filters) {
        filters.register(
                context -> {
                    if (context.request().method() == HttpMethod.POST && FORM_POST.equals(context.normalizedPath())) {
                        context.addHeadersEndHandler(ignored -> {
                            String location = context.response().headers().get("Location");
                            if (context.response().getStatusCode() == 302
                                    && location != null
                                    && !location.contains("error")) {
                                String attempted = context.request().getFormAttribute("j_username");
                                String user = attempted == null || attempted.isBlank() ? "unknown" : attempted;
                                String client = client(context.request());
                                // Off the event loop: the message is synced to disk.
                                context.vertx()
                                        .executeBlocking(
                                                () -> {
                                                    audit.record(m -> m.userAuthentication(
                                                            Instant.now(), true, user, client, null));
                                                    return null;
                                                },
                                                false);
                            }
                        });
                    }
                    context.next();
                },
                LOGIN_FILTER_PRIORITY);
    }

    void onAuthenticationFailed(@Observes AuthenticationFailureEvent event) {
        Optional<RoutingContext> context = routingContext(event);
        if (context.isEmpty()) {
            return;
        }
        HttpServerRequest request = context.get().request();
        boolean formPost = FORM_POST.equals(context.get().normalizedPath());
        // On the event loop, like the form post itself; a failed login's message is small and rare.
        if (!formPost && request.getHeader("Authorization") == null) {
            return; // no credentials were offered: the challenge (redirect to the login page), not a failed login
        }
        String attempted = formPost ? request.getFormAttribute("j_username") : null;
        String user = attempted == null || attempted.isBlank() ? "unknown" : attempted;
        String client = client(request);
        audit.record(m -> m.userAuthentication(Instant.now(), true, user, client, "wrong user name or password"));
    }

    /** The console user logged out. */
    public void loggedOut(SecurityIdentity identity, HttpServerRequest request) {
        String user = user(identity, "anonymous");
        String client = client(request);
        audit.record(m -> m.userAuthentication(Instant.now(), false, user, client, null));
    }

    /** The console user listed or searched the studies; {@code query} is what they asked for. */
    public void studiesSearched(SecurityIdentity identity, HttpServerRequest request, String query) {
        String user = user(identity, "anonymous");
        String client = client(request);
        audit.record(m -> m.query(Instant.now(), user, client, "/console/studies", query));
    }

    private static Optional<RoutingContext> routingContext(SecurityEvent event) {
        return event.getEventProperties().values().stream()
                .filter(RoutingContext.class::isInstance)
                .map(RoutingContext.class::cast)
                .findFirst();
    }

    private static String user(SecurityIdentity identity, String otherwise) {
        return identity == null || identity.isAnonymous()
                ? otherwise
                : identity.getPrincipal().getName();
    }

    private static String client(HttpServerRequest request) {
        return request == null || request.remoteAddress() == null
                ? null
                : request.remoteAddress().hostAddress();
    }
}
