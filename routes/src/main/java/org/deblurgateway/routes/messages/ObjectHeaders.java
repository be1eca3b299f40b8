package org.deblurgateway.routes.messages;

/**
 * Property names of the ingest and outbound messages ({@link IngestMessage}, {@link OutboundMessage}), which
 * describe a spooled DICOM object as it moves between queues.
 *
 * <p>JMS property names must be Java identifiers, hence camelCase. The gateway sets them at C-STORE time
 * from the received data set, so routing never has to re-read the file.
 */
public final class ObjectHeaders {

    /** Path of the spooled object, relative to {@code gateway.data-dir}. */
    public static final String SPOOL_PATH = "spoolPath";

    public static final String CALLING_AE = "callingAeTitle";
    public static final String CALLED_AE = "calledAeTitle";
    public static final String SOP_CLASS_UID = "sopClassUid";
    public static final String SOP_INSTANCE_UID = "sopInstanceUid";
    public static final String STUDY_INSTANCE_UID = "studyInstanceUid";
    public static final String SERIES_INSTANCE_UID = "seriesInstanceUid";
    public static final String TRANSFER_SYNTAX_UID = "transferSyntaxUid";
    public static final String MODALITY = "modality";
    public static final String BODY_PART = "bodyPartExamined";
    public static final String SERIES_DESCRIPTION = "seriesDescription";
    public static final String STUDY_DESCRIPTION = "studyDescription";
    /** The spooled file's length, CRC-32C and machine boot at its announcement ({@code ReceiptSeal}); optional. */
    public static final String SPOOL_LENGTH = "spoolLength";

    public static final String SPOOL_CRC32C = "spoolCrc32c";
    public static final String SPOOL_BOOT_ID = "spoolBootId";
    /** Epoch milliseconds at which the gateway committed the object. */
    public static final String RECEIVED_AT = "receivedAt";
    /** Name of the routing rule that matched (set by the rules step). */
    public static final String RULE = "rule";
    /** Action of the matching rule ("pass", "drop", ...), set by the rules step; selects direct:action-&lt;action&gt;. */
    public static final String ACTION = "ruleAction";
    /** Destination name from the rules file (set on outbound messages). */
    public static final String DESTINATION = "destination";
    /** Last DICOM status the destination answered, as 4 hex digits, or "none" when no association was made. */
    public static final String LAST_STATUS = "lastDicomStatus";

    public static final String LAST_ERROR = "lastError";
    public static final String ATTEMPTS = "attempts";

    private ObjectHeaders() {}
}
