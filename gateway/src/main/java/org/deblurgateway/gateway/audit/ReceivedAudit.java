package org.deblurgateway.gateway.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.deblurgateway.dicom.DataSetSummary;
import org.deblurgateway.dicom.scp.IngestChannel;
import org.deblurgateway.dicom.scp.IngestException;
import org.deblurgateway.dicom.scp.IngestPublisher;
import org.deblurgateway.dicom.scp.ReceivedObject;

/**
 * DICOM Instances Transferred (action C) for what modalities store with us. The listener opens one ingest channel per
 * association and closes it when the association ends, so wrapping the publisher's channels gives exactly the
 * association's objects that were answered Success: one message per study of the association, after it ended.
 */
@ApplicationScoped
public class ReceivedAudit {

    private final AuditLog audit;

    public ReceivedAudit(AuditLog audit) {
        this.audit = audit;
    }

    /** {@code publisher}, whose channels report what they published when they close. */
    public IngestPublisher auditing(IngestPublisher publisher) {
        if (!audit.enabled()) {
            return publisher;
        }
        return () -> new AuditedChannel(publisher.open());
    }

    private final class AuditedChannel implements IngestChannel {

        private final IngestChannel channel;
        private final StudyGrouping studies = new StudyGrouping();
        private String callingAe = "";
        private String calledAe = "";

        AuditedChannel(IngestChannel channel) {
            this.channel = channel;
        }

        @Override
        public void publish(ReceivedObject object) throws IngestException {
            channel.publish(object);
            // Only once published: an object whose C-STORE failed is not with us.
            DataSetSummary s = object.summary();
            callingAe = object.callingAeTitle();
            calledAe = object.calledAeTitle();
            studies.add(s.studyInstanceUid(), s.patientId(), s.sopClassUid(), s.sopInstanceUid());
        }

        @Override
        public void close() {
            try {
                channel.close();
            } finally {
                if (!studies.isEmpty()) {
                    Instant now = Instant.now();
                    AuditMessages.Peer from = new AuditMessages.Peer(callingAe, null);
                    for (AuditMessages.StudyInstances study : studies.studies()) {
                        audit.record(m -> m.instancesReceived(now, from, calledAe, study));
                    }
                }
            }
        }
    }
}
