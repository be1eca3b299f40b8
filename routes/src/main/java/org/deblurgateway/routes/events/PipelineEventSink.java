package org.deblurgateway.routes.events;

/**
 * A reader of pipeline events (the console's trail, the metrics). Implementations are CDI beans; they must be quick
 * and must not throw: a sink that fails is logged and skipped, never allowed to fail a step of the pipeline.
 */
public interface PipelineEventSink {

    void accept(PipelineEvent event);
}
