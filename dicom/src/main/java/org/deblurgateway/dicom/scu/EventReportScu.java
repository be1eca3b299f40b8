package org.deblurgateway.dicom.scu;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.deblurgateway.dicom.commitment.CommitmentDataSets;
import org.deblurgateway.dicom.commitment.CommitmentResult;
import org.deblurgateway.dicom.commitment.StorageCommitment;
import org.deblurgateway.dicom.net.DimseCommand;
import org.deblurgateway.dicom.net.PresentationContextDecision;
import org.deblurgateway.dicom.net.PresentationContextProposal;
import org.deblurgateway.dicom.net.ProtocolException;
import org.deblurgateway.dicom.tls.DicomTls;

/**
 * Sends a Storage Commitment N-EVENT-REPORT to its requester on a new association (PS3.4 J.3.3): we open it, propose
 * the Push Model SOP class with SCP/SCU Role Selection (we take the SCP role), send the report and release. Used when
 * the association that carried the N-ACTION is gone; over DICOM TLS to a requester marked {@code tls}, with the
 * gateway's trust store (and its key as the client certificate). Thread-safe.
 */
public final class EventReportScu {

    private static final int MESSAGE_ID = 1;
    private static final List<PresentationContextProposal> COMMITMENT = List.of(
            new PresentationContextProposal(1, StorageCommitment.SOP_CLASS_UID, CommitmentDataSets.TRANSFER_SYNTAXES));

    /** @param detail the failure in words; empty when the requester answered Success */
    public record ReportOutcome(boolean delivered, String detail) {}

    private final Duration timeout;
    private final Optional<DicomTls> tls;

    /** Plain DICOM only. */
    public EventReportScu(Duration timeout) {
        this(timeout, Optional.empty());
    }

    /**
     * @param timeout limit for connect with A-ASSOCIATE answer, and for the N-EVENT-REPORT-RSP
     * @param tls     the gateway's TLS stores, for requesters whose address is a TLS peer
     */
    public EventReportScu(Duration timeout, Optional<DicomTls> tls) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    /**
     * Reports {@code result} to {@code requester} (its AE title and address; the calling AE is ours). Never throws:
     * every failure is an outcome, and the caller tries again later.
     */
    public ReportOutcome report(Destination requester, String callingAeTitle, CommitmentResult result) {
        try (OutgoingAssociation association = OutgoingAssociation.open(
                requester,
                requester.callingAeTitle().orElse(callingAeTitle),
                COMMITMENT,
                List.of(StorageCommitment.SOP_CLASS_UID),
                timeout,
                timeout,
                tls)) {
            Optional<PresentationContextDecision> context = association.accepted(StorageCommitment.SOP_CLASS_UID);
            if (context.isEmpty()) {
                association.release();
                return new ReportOutcome(false, "the requester accepted no Storage Commitment presentation context");
            }
            int id = context.get().id();
            association.sendCommand(
                    id,
                    DimseCommand.eventReportRequest(
                            MESSAGE_ID,
                            StorageCommitment.SOP_CLASS_UID,
                            StorageCommitment.SOP_INSTANCE_UID,
                            result.eventTypeId()));
            try (OutputStream data = association.dataSet(id)) {
                data.write(CommitmentDataSets.encodeResult(result, context.get().transferSyntax()));
            }
            DimseCommand response = association.readCommand();
            if (response.commandField() != DimseCommand.N_EVENT_REPORT_RSP) {
                association.abort();
                return new ReportOutcome(
                        false,
                        String.format(
                                "answer is DIMSE command 0x%04X, not N-EVENT-REPORT-RSP", response.commandField()));
            }
            association.release();
            if (response.status() != 0) {
                return new ReportOutcome(false, String.format("N-EVENT-REPORT-RSP status 0x%04X", response.status()));
            }
            return new ReportOutcome(true, "");
        } catch (OutgoingAssociation.TlsNotConfiguredException e) {
            return new ReportOutcome(false, e.getMessage());
        } catch (OutgoingAssociation.RejectedException e) {
            return new ReportOutcome(false, "association rejected: " + e.reject());
        } catch (SocketTimeoutException e) {
            return new ReportOutcome(false, "no answer within " + timeout.toSeconds() + " s");
        } catch (IOException | ProtocolException | RuntimeException e) {
            return new ReportOutcome(false, e.toString());
        }
    }
}
