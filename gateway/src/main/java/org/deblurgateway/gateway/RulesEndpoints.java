package org.deblurgateway.gateway;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.ProcessRole;
import org.deblurgateway.routes.rules.RulesApplied;
import org.deblurgateway.routes.rules.RulesFileException;
import org.deblurgateway.routes.rules.RulesReload;
import org.deblurgateway.routes.rules.RulesVersion;

/**
 * {@code GET /admin/rules}: the rules version in force (viewer); {@code POST /admin/rules/reload}: read the rules
 * file again after an edit by hand and put it in force when valid (admin; 422 with the problems when not). The same
 * {@link RulesReload} as the console's Rules page and SIGHUP.
 */
@ApplicationScoped
public class RulesEndpoints {

    private final Instance<RulesReload> reload;
    private final boolean gatewayRole;

    /** Looked up on request only: a worker process has no rules. */
    public RulesEndpoints(Instance<RulesReload> reload, GatewayConfig process) {
        this.reload = reload;
        this.gatewayRole = process.role() == ProcessRole.GATEWAY;
    }

    void register(@Observes Router router) {
        if (!gatewayRole) {
            return;
        }
        router.get("/admin/rules").blockingHandler(this::show, true);
        router.post("/admin/rules/reload").blockingHandler(this::reload, true);
    }

    private void show(RoutingContext context) {
        reply(context, 200, describe(reload.get().current()));
    }

    private void reload(RoutingContext context) {
        try {
            RulesApplied change = reload.get().reloadFile(user(context), RulesReload.ENDPOINT);
            reply(
                    context,
                    200,
                    describe(change.version())
                            .put("replaced", change.previous().sha256())
                            .put("removedDestinations", new JsonArray(change.removedDestinations())));
        } catch (RulesFileException e) {
            reply(
                    context,
                    422,
                    new JsonObject()
                            .put("error", "rules file not valid; the rules in force stay")
                            .put("inForce", reload.get().current().sha256())
                            .put("problems", new JsonArray(e.problems())));
        }
    }

    private static JsonObject describe(RulesVersion version) {
        return new JsonObject()
                .put("sha256", version.sha256())
                .put("loadedAt", version.loadedAt().toString())
                .put("appliedBy", version.appliedBy())
                .put("how", version.how())
                .put(
                        "rules",
                        new JsonArray(version.ruleSet().rules().stream()
                                .map(r -> r.name())
                                .toList()))
                .put(
                        "destinations",
                        new JsonArray(version.ruleSet().destinations().keySet().stream()
                                .sorted()
                                .toList()));
    }

    private static String user(RoutingContext context) {
        return context.user() instanceof QuarkusHttpUser user
                        && !user.getSecurityIdentity().isAnonymous()
                ? user.getSecurityIdentity().getPrincipal().getName()
                : "unknown";
    }

    private static void reply(RoutingContext context, int status, JsonObject body) {
        context.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode() + "\n");
    }
}
