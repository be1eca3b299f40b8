package org.deblurgateway.gateway.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.dicom.scu.Destination;
import org.deblurgateway.gateway.audit.AuditMessageBuilder.SopClassInstances;
import org.deblurgateway.routes.config.RoutingConfig;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEventSink;
import org.deblurgateway.routes.rules.ActiveRules;

/**
 * Audit messages for what the pipeline does with received objects: DICOM Instances Accessed (action C) when a derived
 * instance is written, DICOM Instances Transferred (action R) when a copy is delivered to a destination or given up
 * (dead-lettered). A forward is one association per object and destination, so each is its own message.
 *
 * <p>The pipeline's events name objects by UID; the Patient ID and SOP Class that A.5.3 asks for are remembered from
 * the object's {@link PipelineEvent.Received} (and passed on to its derived instance) for the last
 * {@link #REMEMBERED} objects. An object received before a restart and forwarded after it is audited with an empty
 * Patient ID and SOP Class.
 */
@ApplicationScoped
public class PipelineAudit implements PipelineEventSink {

    static final int REMEMBERED = 100_000;

    private record Facts(String studyInstanceUid, String sopClassUid, String patientId) {}

    private final AuditLog audit;
    private final ActiveRules rules;
    private final String defaultCallingAe;
    private final Map<String, Facts> facts = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Facts> eldest) {
            return size() > REMEMBERED;
        }
    };

    public PipelineAudit(AuditLog audit, ActiveRules rules, RoutingConfig routing) {
        this.audit = audit;
        this.rules = rules;
        this.defaultCallingAe = routing.forward().callingAeTitle();
    }

    @Override
    public void accept(PipelineEvent event) {
        if (!audit.enabled()) {
            return;
        }
        if (event instanceof PipelineEvent.Received r) {
            remember(
                    r.object().sopInstanceUid(),
                    new Facts(r.object().studyInstanceUid(), r.sopClassUid(), r.patientId()));
        } else if (event instanceof PipelineEvent.DerivedInstanceWritten d) {
            derived(d);
        } else if (event instanceof PipelineEvent.ForwardAttempted f) {
            forwarded(f);
        }
    }

    private void derived(PipelineEvent.DerivedInstanceWritten d) {
        Facts source =
                recall(d.object().sopInstanceUid()).orElse(new Facts(d.object().studyInstanceUid(), "", ""));
        String study = source.studyInstanceUid().isEmpty() ? d.object().studyInstanceUid() : source.studyInstanceUid();
        Facts derived = new Facts(study, source.sopClassUid(), source.patientId());
        remember(d.derivedSopInstanceUid(), derived);
        audit.record(m -> m.instanceDerived(d.at(), one(derived, d.derivedSopInstanceUid())));
    }

    private void forwarded(PipelineEvent.ForwardAttempted f) {
        if (f.outcome() == PipelineEvent.Outcome.RETRY) {
            return; // the object is still ours to send; the final attempt is audited
        }
        Facts known = recall(f.sentSopInstanceUid()).orElse(new Facts(f.object().studyInstanceUid(), "", ""));
        Optional<Destination> destination = rules.ruleSet().destination(f.destination());
        AuditMessages.Peer to = destination
                .map(d -> new AuditMessages.Peer(d.calledAeTitle(), d.host()))
                .orElse(new AuditMessages.Peer(f.destination(), null));
        String callingAe = destination.flatMap(Destination::callingAeTitle).orElse(defaultCallingAe);
        String failure = f.outcome() == PipelineEvent.Outcome.DEAD_LETTERED
                ? "given up after attempt " + f.attempt() + " (status " + f.dicomStatus() + "): " + f.error()
                : null;
        audit.record(m -> m.instancesForwarded(f.at(), callingAe, to, one(known, f.sentSopInstanceUid()), failure));
    }

    private static AuditMessages.StudyInstances one(Facts facts, String sopInstanceUid) {
        return new AuditMessages.StudyInstances(
                facts.studyInstanceUid(),
                facts.patientId(),
                List.of(new SopClassInstances(facts.sopClassUid(), 1, List.of(sopInstanceUid))));
    }

    private synchronized void remember(String sopInstanceUid, Facts f) {
        facts.put(sopInstanceUid, f);
    }

    private synchronized Optional<Facts> recall(String sopInstanceUid) {
        return Optional.ofNullable(facts.get(sopInstanceUid));
    }
}
