package org.deblurgateway.dicom.web;

import java.util.ArrayList;
import java.util.List;

/**
 * The Store Instances Response of one STOW-RS request (PS3.18 10.5.3, Table 10.5.3-1): the stored instances in the
 * Referenced SOP Sequence, the failed ones in the Failed SOP Sequence with their Failure Reason, and the HTTP status
 * that goes with them.
 */
public final class StowResponse {

    private static final String FAILED_SOP_SEQUENCE = "00081198";
    private static final String REFERENCED_SOP_SEQUENCE = "00081199";
    private static final String REFERENCED_SOP_CLASS_UID = "00081150";
    private static final String REFERENCED_SOP_INSTANCE_UID = "00081155";
    private static final String FAILURE_REASON = "00081197";

    private final List<Instance> instances = new ArrayList<>();
    private String requestProblem;

    /** One instance of the request; UIDs null where the part could not be read that far. */
    public record Instance(String sopClassUid, String sopInstanceUid, int status, String reason) {
        boolean stored() {
            return status == 0;
        }
    }

    public void add(Instance instance) {
        instances.add(instance);
    }

    /** The body could not be read on from some point (malformed multipart): what is known so far still counts. */
    public void requestProblem(String problem) {
        this.requestProblem = problem;
    }

    public List<Instance> instances() {
        return List.copyOf(instances);
    }

    /** 200 all stored, 202 some, 409 none, 400 when the body held no readable instance at all. */
    public int httpStatus() {
        long stored = instances.stream().filter(Instance::stored).count();
        if (instances.isEmpty()) {
            return 400;
        }
        if (stored == instances.size() && requestProblem == null) {
            return 200;
        }
        return stored == 0 ? 409 : 202;
    }

    /** The response as the DICOM JSON model (PS3.18 F.2). */
    public String json() {
        StringBuilder out = new StringBuilder("{");
        List<Instance> failed = instances.stream().filter(i -> !i.stored()).toList();
        List<Instance> stored = instances.stream().filter(Instance::stored).toList();
        boolean first = true;
        if (!failed.isEmpty()) {
            out.append('"').append(FAILED_SOP_SEQUENCE).append("\":{\"vr\":\"SQ\",\"Value\":[");
            appendItems(out, failed, true);
            out.append("]}");
            first = false;
        }
        if (!stored.isEmpty()) {
            if (!first) {
                out.append(',');
            }
            out.append('"').append(REFERENCED_SOP_SEQUENCE).append("\":{\"vr\":\"SQ\",\"Value\":[");
            appendItems(out, stored, false);
            out.append("]}");
        }
        return out.append('}').toString();
    }

    private static void appendItems(StringBuilder out, List<Instance> items, boolean failed) {
        for (int i = 0; i < items.size(); i++) {
            Instance instance = items.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append('{');
            uid(out, REFERENCED_SOP_CLASS_UID, instance.sopClassUid());
            out.append(',');
            uid(out, REFERENCED_SOP_INSTANCE_UID, instance.sopInstanceUid());
            if (failed) {
                out.append(",\"")
                        .append(FAILURE_REASON)
                        .append("\":{\"vr\":\"US\",\"Value\":[")
                        .append(instance.status())
                        .append("]}");
            }
            out.append('}');
        }
    }

    private static void uid(StringBuilder out, String tag, String uid) {
        out.append('"').append(tag).append("\":{\"vr\":\"UI\"");
        if (uid != null && !uid.isEmpty()) {
            out.append(",\"Value\":[\"").append(jsonText(uid)).append("\"]");
        }
        out.append('}');
    }

    /** The response as the Native DICOM Model (PS3.19 A.1). */
    public String xml() {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<NativeDicomModel>");
        List<Instance> failed = instances.stream().filter(i -> !i.stored()).toList();
        List<Instance> stored = instances.stream().filter(Instance::stored).toList();
        if (!failed.isEmpty()) {
            xmlSequence(out, FAILED_SOP_SEQUENCE, "FailedSOPSequence", failed, true);
        }
        if (!stored.isEmpty()) {
            xmlSequence(out, REFERENCED_SOP_SEQUENCE, "ReferencedSOPSequence", stored, false);
        }
        return out.append("</NativeDicomModel>\n").toString();
    }

    private static void xmlSequence(
            StringBuilder out, String tag, String keyword, List<Instance> items, boolean failed) {
        out.append("<DicomAttribute tag=\"")
                .append(tag)
                .append("\" vr=\"SQ\" keyword=\"")
                .append(keyword)
                .append("\">");
        for (int i = 0; i < items.size(); i++) {
            Instance instance = items.get(i);
            out.append("<Item number=\"").append(i + 1).append("\">");
            xmlUid(out, REFERENCED_SOP_CLASS_UID, "ReferencedSOPClassUID", instance.sopClassUid());
            xmlUid(out, REFERENCED_SOP_INSTANCE_UID, "ReferencedSOPInstanceUID", instance.sopInstanceUid());
            if (failed) {
                out.append("<DicomAttribute tag=\"")
                        .append(FAILURE_REASON)
                        .append("\" vr=\"US\" keyword=\"FailureReason\"><Value number=\"1\">")
                        .append(instance.status())
                        .append("</Value></DicomAttribute>");
            }
            out.append("</Item>");
        }
        out.append("</DicomAttribute>");
    }

    private static void xmlUid(StringBuilder out, String tag, String keyword, String uid) {
        out.append("<DicomAttribute tag=\"")
                .append(tag)
                .append("\" vr=\"UI\" keyword=\"")
                .append(keyword)
                .append("\">");
        if (uid != null && !uid.isEmpty()) {
            out.append("<Value number=\"1\">").append(xmlText(uid)).append("</Value>");
        }
        out.append("</DicomAttribute>");
    }

    private static String jsonText(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String xmlText(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
