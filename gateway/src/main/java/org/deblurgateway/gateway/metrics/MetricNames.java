package org.deblurgateway.gateway.metrics;

/**
 * Names of the gateway's meters, in Micrometer's dotted form; the Prometheus registry writes them with underscores
 * and the conventional suffixes (a counter {@code deblur.gateway.objects.received} is scraped as
 * {@code deblur_gateway_objects_received_total}). One home so the sink, the gauges, the dashboard test and the
 * README agree.
 */
public final class MetricNames {

    public static final String OBJECTS_RECEIVED = "deblur.gateway.objects.received";
    public static final String RECEIVED_BYTES = "deblur.gateway.received.bytes";
    public static final String ASSOCIATIONS = "deblur.gateway.dicom.associations";
    public static final String STORE_RESPONSE = "deblur.gateway.dicom.store.response";
    public static final String ACTIONS = "deblur.gateway.actions";
    public static final String RULE_MATCHES = "deblur.gateway.rule.matches";
    public static final String PASSED_THROUGH = "deblur.gateway.passed.through";
    public static final String FRAMES_DEBLURRED = "deblur.gateway.frames.deblurred";
    public static final String MODEL_MS_PER_MEGAPIXEL = "deblur.gateway.model.milliseconds.per.megapixel";
    public static final String DERIVED_INSTANCES = "deblur.gateway.derived.instances";
    public static final String FORWARD_ATTEMPTS = "deblur.gateway.forward.attempts";
    public static final String FORWARD_DURATION = "deblur.gateway.forward.duration";

    public static final String QUEUE_MESSAGES = "deblur.gateway.queue.messages";
    public static final String DEAD_LETTER_MESSAGES = "deblur.gateway.dead.letter.messages";
    public static final String SPOOL_FREE_BYTES = "deblur.gateway.spool.free.bytes";
    public static final String JOURNAL_FREE_BYTES = "deblur.gateway.journal.free.bytes";
    public static final String FRAME_CONSUMERS = "deblur.gateway.frame.consumers";
    public static final String ASSOCIATIONS_ACTIVE = "deblur.gateway.dicom.associations.active";

    private MetricNames() {}
}
