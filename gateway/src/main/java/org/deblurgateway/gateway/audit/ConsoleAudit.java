package org.deblurgateway.gateway.audit;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.quarkus.security.spi.runtime.AuthenticationSuccessEvent;
import io.quarkus.security.spi.runtime.SecurityEvent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;

/**
 * User Authentication and Query messages for the console. Quarkus reports an authentication on every request that
 * carries credentials (the session cookie, basic auth); a login is the form post to {@code /j_security_check}, and a
 * failed one is that post or a request with wrong basic credentials.
 */
@ApplicationScoped
public class ConsoleAudit {

    private static final String FORM_POST = "/j_security_check";

    private final AuditLog audit;

    public ConsoleAudit(AuditLog audit) {
        this.audit = audit;
    }

    void onAuthenticated(@Observes AuthenticationSuccessEvent event) {
        Optional<RoutingContext> context = routingContext(event);
        if (context.isPresent() && FORM_POST.equals(context.get().normalizedPath())) {
            String user = user(event.getSecurityIdentity(), "unknown");
            String client = client(context.get().request());
            audit.record(m -> m.userAuthentication(Instant.now(), true, user, client, null));
        }
    }

    void onAuthenticationFailed(@Observes AuthenticationFailureEvent event) {
        Optional<RoutingContext> context = routingContext(event);
        if (context.isEmpty()) {
            return;
        }
        HttpServerRequest request = context.get().request();
        boolean formPost = FORM_POST.equals(context.get().normalizedPath());
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
