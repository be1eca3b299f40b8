package org.deblurgateway.gateway.audit;

/**
 * A coded value of an audit message (PS3.15 A.5.1 CodedValueType): {@code csd-code}, {@code codeSystemName} and
 * {@code originalText} (the code meaning).
 */
public record AuditCode(String code, String system, String meaning) {

    static AuditCode dcm(String code, String meaning) {
        return new AuditCode(code, "DCM", meaning);
    }

    static AuditCode rfc3881(String code, String meaning) {
        return new AuditCode(code, "RFC-3881", meaning);
    }

    // Event IDs (PS3.16 CID 400)
    static final AuditCode APPLICATION_ACTIVITY = dcm("110100", "Application Activity");
    static final AuditCode INSTANCES_ACCESSED = dcm("110103", "DICOM Instances Accessed");
    static final AuditCode INSTANCES_TRANSFERRED = dcm("110104", "DICOM Instances Transferred");
    static final AuditCode QUERY = dcm("110112", "Query");
    static final AuditCode SECURITY_ALERT = dcm("110113", "Security Alert");
    static final AuditCode USER_AUTHENTICATION = dcm("110114", "User Authentication");

    // Event type codes (CID 401 Audit Event Type, CID 403 Security Alert Type)
    static final AuditCode APPLICATION_START = dcm("110120", "Application Start");
    static final AuditCode APPLICATION_STOP = dcm("110121", "Application Stop");
    static final AuditCode LOGIN = dcm("110122", "Login");
    static final AuditCode LOGOUT = dcm("110123", "Logout");
    static final AuditCode NODE_AUTHENTICATION = dcm("110126", "Node Authentication");

    // Active participant roles (CID 402)
    static final AuditCode APPLICATION = dcm("110150", "Application");
    static final AuditCode APPLICATION_LAUNCHER = dcm("110151", "Application Launcher");
    static final AuditCode DESTINATION = dcm("110152", "Destination Role ID");
    static final AuditCode SOURCE = dcm("110153", "Source Role ID");

    // Participant object ID types (CID 404, RFC 3881)
    static final AuditCode STUDY_INSTANCE_UID = dcm("110180", "Study Instance UID");
    static final AuditCode NODE_ID = dcm("110182", "Node ID");
    static final AuditCode PATIENT_NUMBER = rfc3881("2", "Patient Number");
    static final AuditCode URI = rfc3881("12", "URI");

    /** Audit source type 4: application server process. */
    static final String APPLICATION_SERVER_PROCESS = "4";
}
