package org.deblurgateway.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * Operator endpoints on the management HTTP port (loopback only unless {@code quarkus.http.host} says otherwise):
 * {@code GET /admin/dead-letters} counts dead-lettered sends per destination, {@code POST
 * /admin/dead-letters/redrive[?destination=NAME]} sends them again. {@code bin/gateway dead-letters} and
 * {@code bin/gateway redrive [NAME]} call them.
 */
@ApplicationScoped
public class AdminEndpoints {

    private final DeadLetters deadLetters;

    public AdminEndpoints(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    void register(@Observes Router router) {
        // JMS blocks: off the event loop, one request at a time (two re-drives racing would only split the work).
        router.get("/admin/dead-letters").blockingHandler(this::count, true);
        router.post("/admin/dead-letters/redrive").blockingHandler(this::redrive, true);
    }

    private void count(RoutingContext context) {
        try {
            JsonObject perDestination = new JsonObject();
            deadLetters.countByDestination().forEach(perDestination::put);
            reply(context, 200, new JsonObject().put("queue", "dicom.outbound.dlq").put("perDestination",
                    perDestination));
        } catch (Exception e) {
            reply(context, 503, new JsonObject().put("error", "broker: " + e.getMessage()));
        }
    }

    private void redrive(RoutingContext context) {
        Optional<String> destination = Optional.ofNullable(context.request().getParam("destination"))
                .filter(name -> !name.isBlank());
        try {
            int moved = deadLetters.redrive(destination);
            reply(context, 200, new JsonObject().put("moved", moved).put("destination", destination.orElse(null)));
        } catch (IllegalArgumentException e) {
            reply(context, 400, new JsonObject().put("error", e.getMessage()));
        } catch (Exception e) {
            reply(context, 503, new JsonObject().put("error", "broker: " + e.getMessage()));
        }
    }

    private static void reply(RoutingContext context, int status, JsonObject body) {
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body.encode() + "\n");
    }
}
