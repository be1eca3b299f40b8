package org.deblurgateway.routes.deblur;

import jakarta.enterprise.context.ApplicationScoped;
import org.deblurgateway.routes.QueueRouteBuilder;
import org.deblurgateway.routes.Queues;

/**
 * Worker queue -> deblur -> result queue, in one JMS transaction: a worker killed mid-frame leaves its frame on the
 * queue for another worker, and a finished frame's result is committed together with taking the frame. Runs in the
 * gateway ({@code gateway.deblur.workers}) and in worker processes.
 */
@ApplicationScoped
public class FrameWorkerRoute extends QueueRouteBuilder {

    /**
     * Name of the JMS component this route consumes and produces with: one whose consumers prefetch nothing, so a
     * free worker takes the next frame (the application binds it). Consumer and producer share it so the result is
     * sent in the session, and the transaction, that takes the frame.
     */
    public static final String JMS_COMPONENT = "frame-queue-jms";

    private final FrameWorker worker;
    private final int workers;

    public FrameWorkerRoute(FrameWorker worker, DeblurConfig config) {
        this.worker = worker;
        this.workers = config.workers();
    }

    @Override
    public void configure() {
        if (workers < 1) {
            return;
        }
        fromQueue(JMS_COMPONENT, Queues.DEBLUR_FRAMES, workers)
                .routeId("deblur-frames")
                .process(worker)
                .to(JMS_COMPONENT + ":queue:" + Queues.DEBLUR_RESULTS);
    }
}
