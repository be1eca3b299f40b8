package org.deblurgateway.routes.deblur;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.actions.PassActionRoute;
import org.deblurgateway.routes.forward.OutboundRoute;
import org.deblurgateway.routes.messages.CamelMessages;
import org.deblurgateway.routes.rules.Rule;
import org.deblurgateway.routes.rules.RuleAction;

/**
 * Action {@code deblur}, inside the ingest route's JMS transaction: objects the network must not touch go on as
 * {@code pass}; otherwise every frame becomes its own persistent message on the worker queue, the original is
 * queued for the destinations too (unless {@code forward-original: false}), and the received file is released.
 */
@ApplicationScoped
public class DeblurActionRoute extends RouteBuilder implements RuleAction {

    public static final String NAME = "deblur";

    private final DeblurPlanner planner;
    private final DeblurModels models;
    private final DeblurConfig config;

    public DeblurActionRoute(DeblurPlanner planner, DeblurModels models, DeblurConfig config) {
        this.planner = planner;
        this.models = models;
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> optionKeys() {
        return DeblurOptions.KEYS;
    }

    @Override
    public List<String> validate(Rule rule) {
        List<String> problems = new ArrayList<>(DeblurOptions.problems(rule.options()));
        if (rule.destinations().isEmpty()) {
            problems.add("destinations: action 'deblur' needs at least one destination");
        }
        if (problems.isEmpty()) {
            String model =
                    DeblurOptions.of(rule.options(), config.defaultModel()).model();
            if (!models.catalog().has(model)) {
                List<String> available;
                try {
                    available = models.catalog().ids();
                } catch (IOException e) {
                    available = List.of();
                }
                problems.add(DeblurOptions.MODEL + ": model '" + model + "' is not in "
                        + models.catalog().weightsDir().toAbsolutePath() + " (available: "
                        + (available.isEmpty() ? "none" : String.join(", ", available)) + ")");
            }
        }
        return problems;
    }

    @Override
    public void configure() {
        from("direct:action-" + NAME)
                .routeId("action-deblur")
                .process(planner::plan)
                .choice()
                .when(exchange -> plan(exchange) instanceof DeblurPlan.PassUnchanged)
                .to("direct:action-" + PassActionRoute.NAME)
                .when(exchange -> plan(exchange) instanceof DeblurPlan.Deblur)
                .split(exchangeProperty(DeblurPlanner.FRAMES))
                .streaming()
                .stopOnException()
                .process(CamelMessages::writeBody)
                .to("jms:queue:" + Queues.DEBLUR_FRAMES)
                .end()
                .to(OutboundRoute.ENDPOINT)
                .process(planner::finish)
                .end();
    }

    private static DeblurPlan plan(Exchange exchange) {
        return exchange.getProperty(DeblurPlanner.PLAN, DeblurPlan.class);
    }
}
