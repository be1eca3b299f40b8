package org.deblurgateway.dicom.scp;

/** DIMSE status codes the listener answers with (PS3.4 B.2.3, PS3.7 C). */
public final class DicomStatus {

    public static final int SUCCESS = 0x0000;
    /** Refused: SOP class not supported (the command's class differs from the negotiated abstract syntax). */
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    /** Refused: out of resources (disk, broker). */
    public static final int OUT_OF_RESOURCES = 0xA700;
    /** Error: data set does not match SOP class (UIDs in the command and the data set disagree). */
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    /** Error: cannot understand (unparsable data set, invalid UID). */
    public static final int CANNOT_UNDERSTAND = 0xC000;

    private DicomStatus() {}

    /** N-service failures (PS3.7 C.4): processing failure. */
    public static final int PROCESSING_FAILURE = 0x0110;
    /** No such object instance (here: the Requested SOP Instance is not Storage Commitment's well-known one). */
    public static final int NO_SUCH_OBJECT_INSTANCE = 0x0112;
    /** Invalid argument value (a data set that cannot be read). */
    public static final int INVALID_ARGUMENT_VALUE = 0x0115;
    /** No such SOP class. */
    public static final int NO_SUCH_SOP_CLASS = 0x0118;
    /** No such action type. */
    public static final int NO_SUCH_ACTION_TYPE = 0x0123;
}
