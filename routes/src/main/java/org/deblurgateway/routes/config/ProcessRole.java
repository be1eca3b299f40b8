package org.deblurgateway.routes.config;

/**
 * What a gateway process does ({@code gateway.role}). Both roles come from the same build; a worker is how frames
 * get more CPUs or a GPU on another machine that shares the broker.
 */
public enum ProcessRole {
    /** DICOM listener, rules, deblur planning and assembly, forwarding, plus {@code gateway.deblur.workers} frame workers. */
    GATEWAY,
    /** Only frame workers: takes frames off the worker queue, deblurs them, returns the results. */
    WORKER;

    /**
     * Whether this process runs the pipeline around the frames: DICOM listener, embedded broker, ingest, assembly,
     * outbound and forwarding.
     */
    public boolean hostsPipeline() {
        return this == GATEWAY;
    }
}
