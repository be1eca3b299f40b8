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
 * association's objects that were answered Success: one message per study of the association, after it ended. The
 * calling peer's IP address is the source's network access point (A.5.3.2).
 *
 * <p>Should the ingest channel fail mid-association, the listener closes it and opens a new one for the next object:
 * the objects before the failure are reported when it closes, those after in a second message, which may name the
 * same study. Each instance is still in exactly one message, which is what an Instances Transferred message states
 * (these instances completed a transfer between these two AEs); A.5.3.2 asks for one patient per message, not one
 * message per study.
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
        return new IngestPublisher() {
            @Override
            public IngestChannel open() throws IngestException {
                return new AuditedChannel(publisher.open(), "");
            }

            @Override
            public IngestChannel open(String peerAddress) throws IngestException {
                return new AuditedChannel(publisher.open(peerAddress), peerAddress);
            }
        };
    }

    private final class AuditedChannel implements IngestChannel {

        private final IngestChannel channel;
        private final StudyGrouping studies = new StudyGrouping();
        private final String peerAddress;
        private String callingAe = "";
        private String calledAe = "";

        AuditedChannel(IngestChannel channel, String peerAddress) {
            this.channel = channel;
            this.peerAddress = peerAddress == null || peerAddress.isEmpty() ? null : peerAddress;
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
                    AuditMessages.Peer from = new AuditMessages.Peer(callingAe, peerAddress);
                    for (AuditMessages.StudyInstances study : studies.studies()) {
                        audit.record(m -> m.instancesReceived(now, from, calledAe, study));
                    }
                }
            }
        }
    }
}
