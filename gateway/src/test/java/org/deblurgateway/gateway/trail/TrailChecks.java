package org.deblurgateway.gateway.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.deblurgateway.gateway.trail.TrailQueries.EventRow;
import org.deblurgateway.gateway.trail.TrailQueries.InstanceRow;
import org.deblurgateway.gateway.trail.TrailQueries.SearchKey;
import org.deblurgateway.gateway.trail.TrailQueries.StudyRow;

/** What the trail of {@link TrailEvents#deblurredChest} must read back as, on any database. */
final class TrailChecks {

    private TrailChecks() {}

    static void deblurredChestTrail(TrailQueries queries, String sop, String patientId) throws Exception {
        List<StudyRow> byPatient = queries.studies(Optional.of(SearchKey.PATIENT_ID), patientId, 10);
        assertEquals(1, byPatient.size(), "study found by Patient ID");
        assertEquals(TrailEvents.STUDY, byPatient.get(0).studyInstanceUid());
        assertEquals(
                1,
                queries.studies(Optional.of(SearchKey.ACCESSION_NUMBER), "ACC" + patientId, 10)
                        .size());
        assertEquals(
                1,
                queries.studies(Optional.of(SearchKey.STUDY_INSTANCE_UID), TrailEvents.STUDY, 10)
                        .size());
        assertEquals(List.of(), queries.studies(Optional.of(SearchKey.PATIENT_ID), "nobody", 10));

        InstanceRow instance = queries.instance(sop).orElseThrow();
        assertEquals("deblur-chest", instance.rule(), "rule kept although reported before the receipt");
        assertEquals("deblur", instance.action());
        assertEquals("XRAY1", instance.callingAeTitle());
        assertEquals("1.2.840.10008.1.2.1", instance.transferSyntaxUid());
        assertEquals(TrailEvents.derivedOf(sop), instance.derivedSopInstanceUid());
        assertEquals("forwarded", instance.state());

        List<String> kinds = queries.trail(sop).stream().map(EventRow::kind).toList();
        assertEquals(
                List.of(
                        TrailKind.RULE_MATCHED,
                        TrailKind.RECEIVED,
                        TrailKind.FRAME_DEBLURRED,
                        TrailKind.DERIVED_WRITTEN,
                        TrailKind.FORWARD_DELIVERED,
                        TrailKind.FORWARD_RETRY,
                        TrailKind.FORWARD_DELIVERED),
                kinds,
                "the derived instance's forwards are filed under its source");
        String retry = queries.trail(sop).get(5).summary();
        assertTrue(retry.contains("status a700") && retry.contains("attempt 1"), retry);
        assertTrue(queries.trail(sop).get(2).summary().contains("worker-1"), "frame line names the worker");
        assertTrue(queries.countsSince(Instant.now().minusSeconds(3600)).getOrDefault(TrailKind.RECEIVED, 0L) >= 1);
    }
}
