package org.deblurgateway.gateway.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deblurgateway.gateway.audit.AuditMessageBuilder.SopClassInstances;

/**
 * Collects instances into one {@link AuditMessages.StudyInstances} per study, for the one-message-per-study rule of
 * DICOM Instances Transferred. Instance UIDs are listed where a SOP class has at most {@link #LISTED_INSTANCES} (beyond
 * that only the count), so an association of thousands of objects still makes a message of reasonable size.
 */
final class StudyGrouping {

    static final int LISTED_INSTANCES = 100;

    private record Key(String studyInstanceUid, String patientId) {}

    private final Map<Key, Map<String, List<String>>> studies = new LinkedHashMap<>();

    void add(String studyInstanceUid, String patientId, String sopClassUid, String sopInstanceUid) {
        studies.computeIfAbsent(new Key(orEmpty(studyInstanceUid), orEmpty(patientId)), k -> new LinkedHashMap<>())
                .computeIfAbsent(orEmpty(sopClassUid), k -> new ArrayList<>())
                .add(orEmpty(sopInstanceUid));
    }

    boolean isEmpty() {
        return studies.isEmpty();
    }

    List<AuditMessages.StudyInstances> studies() {
        List<AuditMessages.StudyInstances> out = new ArrayList<>();
        studies.forEach((key, classes) -> {
            List<SopClassInstances> sopClasses = new ArrayList<>();
            classes.forEach((sopClass, uids) -> sopClasses.add(new SopClassInstances(
                    sopClass, uids.size(), uids.size() <= LISTED_INSTANCES ? List.copyOf(uids) : List.of())));
            out.add(new AuditMessages.StudyInstances(key.studyInstanceUid(), key.patientId(), sopClasses));
        });
        return out;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
