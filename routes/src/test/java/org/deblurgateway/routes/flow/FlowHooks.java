package org.deblurgateway.routes.flow;

import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.ProcessDefinition;
import org.deblurgateway.routes.deblur.FrameWorker;
import org.deblurgateway.routes.forward.OutboundRoute;

/**
 * Where a flow test steps into the real routes: each point is woven into its route once per application and does
 * nothing (or, for the frame worker, the real work) until a test sets it; {@link #reset(CamelContext)} puts every
 * point back. The routes are the application's beans, already started when a test runs, so the points are woven into
 * the running routes (each advised route restarts once); weaving per test instead would stack advice on advice.
 */
@Singleton
public class FlowHooks {

    private static final Processor NOTHING = exchange -> {};

    private final FrameWorker worker;
    private boolean woven;
    private volatile Processor passAfterOutboundSends = NOTHING;
    private volatile Processor passAtEnd = NOTHING;
    private volatile Processor frameWork;
    private volatile Processor assembleAtEnd = NOTHING;

    public FlowHooks(FrameWorker worker) {
        this.worker = worker;
        this.frameWork = worker;
    }

    /** In the pass action, after its outbound sends and before the ingest file is removed. */
    public void passAfterOutboundSends(Processor step) {
        passAfterOutboundSends = step;
    }

    /** At the end of the pass action (ingest file removed, the transaction not yet committed). */
    public void passAtEnd(Processor step) {
        passAtEnd = step;
    }

    /** Instead of the frame worker's step: what deblurs a frame and turns the message into its result. */
    public void frameWork(Processor step) {
        frameWork = step;
    }

    /** The frame worker itself, for a test's step that wraps it. */
    public FrameWorker worker() {
        return worker;
    }

    /** At the end of the assembly of a result (the derived instance's outbound sends done, not yet committed). */
    public void assembleAtEnd(Processor step) {
        assembleAtEnd = step;
    }

    /** Weaves the points into the running routes the first time; every point does nothing again. */
    synchronized void reset(CamelContext camel) throws Exception {
        passAfterOutboundSends = NOTHING;
        passAtEnd = NOTHING;
        frameWork = worker;
        assembleAtEnd = NOTHING;
        if (woven) {
            return;
        }
        AdviceWith.adviceWith(camel, "action-pass", route -> {
            route.weaveByToUri(OutboundRoute.ENDPOINT).after().process(this::atPassAfterOutboundSends);
            route.weaveAddLast().process(this::atPassAtEnd);
        });
        AdviceWith.adviceWith(
                camel,
                "deblur-frames",
                route -> route.weaveByType(ProcessDefinition.class).replace().process(this::atFrameWork));
        AdviceWith.adviceWith(
                camel, "deblur-assemble", route -> route.weaveAddLast().process(this::atAssembleAtEnd));
        woven = true;
    }

    private void atPassAfterOutboundSends(Exchange exchange) throws Exception {
        passAfterOutboundSends.process(exchange);
    }

    private void atPassAtEnd(Exchange exchange) throws Exception {
        passAtEnd.process(exchange);
    }

    private void atFrameWork(Exchange exchange) throws Exception {
        frameWork.process(exchange);
    }

    private void atAssembleAtEnd(Exchange exchange) throws Exception {
        assembleAtEnd.process(exchange);
    }
}
