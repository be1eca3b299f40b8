package org.deblurgateway.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.deblurgateway.gateway.audit.ConsoleAudit;
import org.deblurgateway.gateway.trail.ConsoleConfig;
import org.deblurgateway.gateway.trail.ConsoleLogin;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The login form (posted to Quarkus' form authentication, {@code /j_security_check}) and logging out. */
@Path("/console")
public class LoginPage {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance login(boolean failed, boolean openIdConnect);
    }

    /** quarkus-oidc's session cookie of the default tenant. */
    static final String OIDC_SESSION_COOKIE = "q_session";

    private final String cookieName;
    private final boolean openIdConnect;
    private final SecurityIdentity identity;
    private final ConsoleAudit audit;

    public LoginPage(
            @ConfigProperty(name = "quarkus.http.auth.form.cookie-name") String cookieName,
            ConsoleConfig console,
            SecurityIdentity identity,
            ConsoleAudit audit) {
        this.cookieName = cookieName;
        this.openIdConnect = console.login() == ConsoleLogin.CODE;
        this.identity = identity;
        this.audit = audit;
    }

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance login(@QueryParam("error") boolean error) {
        return Templates.login(error, openIdConnect);
    }

    /**
     * Drops the session cookie (the form mechanism keeps no server state), and the OpenID Connect session cookie
     * when the console logs in through a provider (the provider's own session is the provider's).
     */
    @POST
    @Path("logout")
    @Blocking // the audit message is synced to disk
    public Response logout(@Context HttpServerRequest request) {
        audit.loggedOut(identity, request);
        return Response.seeOther(URI.create("/console/login"))
                .cookie(expired(cookieName), expired(OIDC_SESSION_COOKIE))
                .build();
    }

    private static NewCookie expired(String name) {
        return new NewCookie.Builder(name)
                .path("/")
                .maxAge(0)
                .value("")
                .httpOnly(true)
                .build();
    }
}
