package org.deblurgateway.dicom.scu;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.dicom.net.DimseCommand;
import org.deblurgateway.dicom.net.PresentationContextDecision;
import org.deblurgateway.dicom.net.PresentationContextProposal;
import org.deblurgateway.dicom.net.ProtocolException;
import org.deblurgateway.dicom.scp.PresentationContextPolicy;
import org.deblurgateway.dicom.tls.DicomTls;

/**
 * C-ECHO to a destination, for the console's Destinations page: did it answer, and how long did the round trip take.
 * It uses the sender's own association code, so a {@link Destination#tls()} destination is echoed over TLS exactly as
 * objects are sent to it. Thread-safe.
 */
public final class EchoScu {

    private static final int MESSAGE_ID = 1;
    private static final List<PresentationContextProposal> VERIFICATION = List.of(new PresentationContextProposal(
            1,
            PresentationContextPolicy.VERIFICATION,
            List.of(TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN)));

    /** @param detail the failure in words, empty on success */
    public record EchoResult(boolean success, long millis, String detail) {}

    private final String callingAeTitle;
    private final Duration timeout;
    private final Optional<DicomTls> tls;

    /**
     * @param callingAeTitle our AE title (unless the destination names another)
     * @param timeout        limit for the connect with TLS handshake and A-ASSOCIATE answer, and for the C-ECHO-RSP
     * @param tls            TLS for {@link Destination#tls()} destinations
     */
    public EchoScu(String callingAeTitle, Duration timeout, Optional<DicomTls> tls) {
        this.callingAeTitle = Objects.requireNonNull(callingAeTitle, "callingAeTitle");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    /** One C-ECHO; never throws, every failure is a result. */
    public EchoResult echo(Destination destination) {
        if (destination.isDicomWeb()) {
            // Its host and port are an HTTP server's: an association attempt there would only time out.
            return new EchoResult(false, 0, "a dicomweb destination has no C-ECHO (it is reached with STOW-RS)");
        }
        long start = System.nanoTime();
        try (OutgoingAssociation association = OutgoingAssociation.open(
                destination,
                destination.callingAeTitle().orElse(callingAeTitle),
                VERIFICATION,
                timeout,
                timeout,
                tls)) {
            Optional<PresentationContextDecision> context =
                    association.accepted(PresentationContextPolicy.VERIFICATION);
            if (context.isEmpty()) {
                association.release();
                return failed(start, "the peer accepted no Verification presentation context");
            }
            association.sendCommand(
                    context.get().id(), DimseCommand.echoRequest(MESSAGE_ID, PresentationContextPolicy.VERIFICATION));
            DimseCommand response = association.readCommand();
            if (response.commandField() != DimseCommand.C_ECHO_RSP) {
                association.abort();
                return failed(
                        start,
                        String.format("answer is DIMSE command 0x%04X, not C-ECHO-RSP", response.commandField()));
            }
            association.release();
            if (response.status() != 0) {
                return failed(start, String.format("C-ECHO-RSP status 0x%04X", response.status()));
            }
            return new EchoResult(true, millisSince(start), "");
        } catch (OutgoingAssociation.TlsNotConfiguredException e) {
            return failed(start, e.getMessage());
        } catch (OutgoingAssociation.RejectedException e) {
            return failed(start, "association rejected: " + e.reject());
        } catch (SocketTimeoutException e) {
            return failed(start, "no answer within " + timeout.toSeconds() + " s");
        } catch (SSLException e) {
            return failed(start, "TLS handshake failed: " + e.getMessage());
        } catch (IOException | ProtocolException | RuntimeException e) {
            return failed(start, e.toString());
        }
    }

    private static EchoResult failed(long start, String detail) {
        return new EchoResult(false, millisSince(start), detail);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
