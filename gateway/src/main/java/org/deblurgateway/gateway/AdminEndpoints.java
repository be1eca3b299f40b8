package org.deblurgateway.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.deblurgateway.routes.Queues;

/**
 * Operator endpoints on the management HTTP port (loopback only unless {@code quarkus.http.host} says otherwise):
 * {@code GET /admin/dead-letters} counts dead-lettered sends per destination and the messages of every dead-letter
 * queue, {@code POST /admin/dead-letters/redrive[?destination=NAME]} sends the outbound ones again, {@code POST
 * /admin/dead-letters/redrive?queue=QUEUE} moves one dead-letter queue back to its work queue. {@code bin/gateway
 * dead-letters} and {@code bin/gateway redrive [NAME | --queue QUEUE]} call them.
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
            JsonObject queues = new JsonObject();
            deadLetters.countByQueue().forEach(queues::put);
            reply(
                    context,
                    200,
                    new JsonObject()
                            .put("queue", Queues.OUTBOUND_DEAD_LETTER)
                            .put("perDestination", perDestination)
                            .put("queues", queues));
        } catch (Exception e) {
            reply(context, 503, new JsonObject().put("error", "broker: " + e.getMessage()));
        }
    }

    private void redrive(RoutingContext context) {
        Optional<String> destination =
                Optional.ofNullable(context.request().getParam("destination")).filter(name -> !name.isBlank());
        Optional<String> queue =
                Optional.ofNullable(context.request().getParam("queue")).filter(q -> !q.isBlank());
        try {
            if (queue.isPresent()) {
                if (destination.isPresent()) {
                    throw new IllegalArgumentException("give a destination or a queue, not both");
                }
                int moved = deadLetters.redriveQueue(queue.get());
                reply(context, 200, new JsonObject().put("moved", moved).put("queue", queue.get()));
                return;
            }
            int moved = deadLetters.redrive(destination);
            reply(context, 200, new JsonObject().put("moved", moved).put("destination", destination.orElse(null)));
        } catch (IllegalArgumentException e) {
            reply(context, 400, new JsonObject().put("error", e.getMessage()));
        } catch (Exception e) {
            reply(context, 503, new JsonObject().put("error", "broker: " + e.getMessage()));
        }
    }

    private static void reply(RoutingContext context, int status, JsonObject body) {
        context.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode() + "\n");
    }
}
