package org.deblurgateway.dicom.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.deblurgateway.dicom.DicomUids;

/**
 * A DIMSE command set (group 0000, always implicit VR little endian, PS3.7 6.3): the fields the listener reads from
 * requests and the sender from responses, and the encoding of the commands both send.
 *
 * @param messageId    Message ID of a request; of a response, the Message ID Being Responded To
 * @param status       Status of a response; {@link #NO_STATUS} when the command has none
 * @param errorComment Error Comment of a response; null when none
 * @param requestedSopClassUid    Requested SOP Class UID of an N-ACTION-RQ; "" when absent
 * @param requestedSopInstanceUid Requested SOP Instance UID of an N-ACTION-RQ; "" when absent
 * @param typeId       Action Type ID of an N-ACTION or Event Type ID of an N-EVENT-REPORT; {@link #NO_TYPE} when absent
 */
public record DimseCommand(
        int commandField,
        int messageId,
        String affectedSopClassUid,
        String affectedSopInstanceUid,
        boolean hasDataSet,
        int status,
        String errorComment,
        String requestedSopClassUid,
        String requestedSopInstanceUid,
        int typeId) {

    /** A command without the N-service fields (C-STORE, C-ECHO). */
    public DimseCommand(
            int commandField,
            int messageId,
            String affectedSopClassUid,
            String affectedSopInstanceUid,
            boolean hasDataSet,
            int status,
            String errorComment) {
        this(
                commandField,
                messageId,
                affectedSopClassUid,
                affectedSopInstanceUid,
                hasDataSet,
                status,
                errorComment,
                "",
                "",
                NO_TYPE);
    }

    public static final int C_STORE_RQ = 0x0001;
    public static final int C_STORE_RSP = 0x8001;
    public static final int C_ECHO_RQ = 0x0030;
    public static final int C_ECHO_RSP = 0x8030;
    public static final int N_EVENT_REPORT_RQ = 0x0100;
    public static final int N_EVENT_REPORT_RSP = 0x8100;
    public static final int N_ACTION_RQ = 0x0130;
    public static final int N_ACTION_RSP = 0x8130;
    public static final int NO_STATUS = -1;
    public static final int NO_TYPE = -1;
    /** CommandDataSetType value meaning "no data set follows". */
    private static final int NO_DATA_SET = 0x0101;
    /** CommandDataSetType value we send when a data set follows (any other value than 0x0101 means that). */
    private static final int DATA_SET_FOLLOWS = 0x0000;

    private static final int RESPONSE_BIT = 0x8000;

    /** Parses a command set; a structurally broken one is a protocol error. */
    public static DimseCommand parse(byte[] b) throws ProtocolException {
        int commandField = -1;
        int messageId = -1;
        int dataSetType = NO_DATA_SET;
        int respondedTo = -1;
        int status = NO_STATUS;
        String errorComment = null;
        String sopClass = "";
        String sopInstance = "";
        String requestedClass = "";
        String requestedInstance = "";
        int typeId = NO_TYPE;
        int at = 0;
        while (at < b.length) {
            if (at + 8 > b.length) {
                throw new ProtocolException("command set element header truncated");
            }
            int group = u16le(b, at);
            int element = u16le(b, at + 2);
            long length = u32le(b, at + 4);
            int value = at + 8;
            if (length > b.length - value) {
                throw new ProtocolException("command set element overruns the command");
            }
            if (group != 0x0000) {
                throw new ProtocolException("command set holds a non-command element");
            }
            int len = (int) length;
            switch (element) {
                case 0x0002 -> sopClass = uid(b, value, len);
                case 0x0003 -> requestedClass = uid(b, value, len);
                case 0x1001 -> requestedInstance = uid(b, value, len);
                case 0x1002, 0x1008 -> typeId = us(b, value, len);
                case 0x0100 -> commandField = us(b, value, len);
                case 0x0110 -> messageId = us(b, value, len);
                case 0x0120 -> respondedTo = us(b, value, len);
                case 0x0800 -> dataSetType = us(b, value, len);
                case 0x0900 -> status = us(b, value, len);
                case 0x0902 -> errorComment = new String(b, value, len, StandardCharsets.US_ASCII).trim();
                case 0x1000 -> sopInstance = uid(b, value, len);
                default -> {
                    // Priority, move originator and the rest do not change what the listener does.
                }
            }
            at = value + len;
        }
        boolean response = commandField >= 0 && (commandField & RESPONSE_BIT) != 0;
        int id = response ? respondedTo : messageId;
        if (commandField < 0 || id < 0) {
            throw new ProtocolException(
                    response
                            ? "command set lacks MessageIDBeingRespondedTo"
                            : "command set lacks CommandField or MessageID");
        }
        return new DimseCommand(
                commandField,
                id,
                sopClass,
                sopInstance,
                dataSetType != NO_DATA_SET,
                status,
                errorComment,
                requestedClass,
                requestedInstance,
                typeId);
    }

    /** Encodes an N-ACTION-RQ announcing its data set (the Storage Commitment request of PS3.4 J.3.2). */
    public static byte[] actionRequest(int messageId, String sopClass, String sopInstance, int actionTypeId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(160);
        putString(body, 0x0003, sopClass, (byte) 0);
        putUs(body, 0x0100, N_ACTION_RQ);
        putUs(body, 0x0110, messageId);
        putUs(body, 0x0800, DATA_SET_FOLLOWS);
        putString(body, 0x1001, sopInstance, (byte) 0);
        putUs(body, 0x1008, actionTypeId);
        return withGroupLength(body);
    }

    /** Encodes an N-ACTION-RSP without a data set (Action Type ID is sent back as the request had it). */
    public static byte[] actionResponse(
            int messageId, String sopClass, String sopInstance, int actionTypeId, int status) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(160);
        putString(body, 0x0002, sopClass, (byte) 0);
        putUs(body, 0x0100, N_ACTION_RSP);
        putUs(body, 0x0120, messageId);
        putUs(body, 0x0800, NO_DATA_SET);
        putUs(body, 0x0900, status);
        putString(body, 0x1000, sopInstance, (byte) 0);
        if (actionTypeId != NO_TYPE) {
            putUs(body, 0x1008, actionTypeId);
        }
        return withGroupLength(body);
    }

    /** Encodes an N-EVENT-REPORT-RQ announcing its data set. */
    public static byte[] eventReportRequest(int messageId, String sopClass, String sopInstance, int eventTypeId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(160);
        putString(body, 0x0002, sopClass, (byte) 0);
        putUs(body, 0x0100, N_EVENT_REPORT_RQ);
        putUs(body, 0x0110, messageId);
        putUs(body, 0x0800, DATA_SET_FOLLOWS);
        putString(body, 0x1000, sopInstance, (byte) 0);
        putUs(body, 0x1002, eventTypeId);
        return withGroupLength(body);
    }

    /** Encodes an N-EVENT-REPORT-RSP without a data set. */
    public static byte[] eventReportResponse(
            int messageId, String sopClass, String sopInstance, int eventTypeId, int status) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(160);
        putString(body, 0x0002, sopClass, (byte) 0);
        putUs(body, 0x0100, N_EVENT_REPORT_RSP);
        putUs(body, 0x0120, messageId);
        putUs(body, 0x0800, NO_DATA_SET);
        putUs(body, 0x0900, status);
        putString(body, 0x1000, sopInstance, (byte) 0);
        putUs(body, 0x1002, eventTypeId);
        return withGroupLength(body);
    }

    /** Encodes a C-STORE-RQ of medium priority announcing its data set. */
    public static byte[] storeRequest(int messageId, String sopClass, String sopInstance) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(160);
        putString(body, 0x0002, sopClass, (byte) 0);
        putUs(body, 0x0100, C_STORE_RQ);
        putUs(body, 0x0110, messageId);
        putUs(body, 0x0700, 0x0000); // Priority MEDIUM
        putUs(body, 0x0800, DATA_SET_FOLLOWS);
        putString(body, 0x1000, sopInstance, (byte) 0);
        return withGroupLength(body);
    }

    /** Encodes a C-STORE-RSP; {@code errorComment} may be null. */
    public static byte[] storeResponse(
            int messageId, String sopClass, String sopInstance, int status, String errorComment) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(160);
        putString(body, 0x0002, sopClass, (byte) 0);
        putUs(body, 0x0100, C_STORE_RSP);
        putUs(body, 0x0120, messageId);
        putUs(body, 0x0800, NO_DATA_SET);
        putUs(body, 0x0900, status);
        if (errorComment != null && !errorComment.isEmpty()) {
            // ErrorComment is LO: at most 64 characters.
            putString(body, 0x0902, errorComment.length() > 64 ? errorComment.substring(0, 64) : errorComment, (byte)
                    ' ');
        }
        putString(body, 0x1000, sopInstance, (byte) 0);
        return withGroupLength(body);
    }

    /** Encodes a C-ECHO-RQ (Verification SOP Class, no data set). */
    public static byte[] echoRequest(int messageId, String sopClass) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(80);
        putString(body, 0x0002, sopClass, (byte) 0);
        putUs(body, 0x0100, C_ECHO_RQ);
        putUs(body, 0x0110, messageId);
        putUs(body, 0x0800, NO_DATA_SET);
        return withGroupLength(body);
    }

    /** Encodes a C-ECHO-RSP with status Success. */
    public static byte[] echoResponse(int messageId, String sopClass) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(80);
        putString(body, 0x0002, sopClass, (byte) 0);
        putUs(body, 0x0100, C_ECHO_RSP);
        putUs(body, 0x0120, messageId);
        putUs(body, 0x0800, NO_DATA_SET);
        putUs(body, 0x0900, 0x0000);
        return withGroupLength(body);
    }

    private static byte[] withGroupLength(ByteArrayOutputStream body) {
        byte[] rest = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(rest.length + 12);
        putHeader(out, 0x0000, 4);
        putLe(out, rest.length, 4);
        out.writeBytes(rest);
        return out.toByteArray();
    }

    private static void putString(ByteArrayOutputStream out, int element, String value, byte pad) {
        byte[] v = (value == null ? "" : value).getBytes(StandardCharsets.US_ASCII);
        int length = v.length + (v.length % 2);
        putHeader(out, element, length);
        out.writeBytes(v);
        if (length != v.length) {
            out.write(pad);
        }
    }

    private static void putUs(ByteArrayOutputStream out, int element, int value) {
        putHeader(out, element, 2);
        putLe(out, value, 2);
    }

    private static void putHeader(ByteArrayOutputStream out, int element, int length) {
        putLe(out, 0x0000, 2);
        putLe(out, element, 2);
        putLe(out, length, 4);
    }

    private static void putLe(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    private static String uid(byte[] b, int at, int len) {
        return DicomUids.trimPadding(new String(b, at, len, StandardCharsets.US_ASCII));
    }

    private static int us(byte[] b, int at, int len) throws ProtocolException {
        if (len != 2) {
            throw new ProtocolException("US command element is not 2 bytes");
        }
        return u16le(b, at);
    }

    private static int u16le(byte[] b, int at) {
        return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8);
    }

    private static long u32le(byte[] b, int at) {
        return (b[at] & 0xFFL) | ((b[at + 1] & 0xFFL) << 8) | ((b[at + 2] & 0xFFL) << 16) | ((b[at + 3] & 0xFFL) << 24);
    }
}
