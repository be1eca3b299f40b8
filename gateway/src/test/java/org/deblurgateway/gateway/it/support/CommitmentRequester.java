package org.deblurgateway.gateway.it.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.dicom.commitment.CommitmentDataSets;
import org.deblurgateway.dicom.commitment.CommitmentRequest;
import org.deblurgateway.dicom.commitment.CommitmentResult;
import org.deblurgateway.dicom.commitment.StorageCommitment;
import org.deblurgateway.dicom.net.AssociateRequest;
import org.deblurgateway.dicom.net.DimseCommand;
import org.deblurgateway.dicom.net.Pdus;
import org.deblurgateway.dicom.net.PresentationContextDecision;
import org.deblurgateway.dicom.net.PresentationContextProposal;
import org.deblurgateway.dicom.net.ProtocolException;
import org.deblurgateway.dicom.tls.DicomTls;
import org.deblurgateway.testsupport.FreePorts;

/**
 * A Storage Commitment SCU written on the project's own PDU and DIMSE code (dcmtk 3.6.7 has none): sends an N-ACTION
 * on an association of its own and either waits there for the N-EVENT-REPORT or releases at once; and, as the
 * requester's SCP side, listens for reports that come on a new association from the gateway (plain DICOM, or DICOM
 * TLS asking for the gateway's client certificate).
 */
public final class CommitmentRequester implements AutoCloseable {

    private static final String TS = TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN;

    /** What the N-ACTION got: its response status and, when waited for, the report on the same association. */
    public record ActionOutcome(int actionStatus, Optional<CommitmentResult> report) {}

    private final String aeTitle;
    private final ServerSocket reports;
    private final BlockingQueue<CommitmentResult> received = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    /** A requester calling as {@code aeTitle} that also takes reports on {@link #port()}. */
    public CommitmentRequester(String aeTitle) {
        this(aeTitle, Optional.empty());
    }

    /**
     * A requester that takes reports over DICOM TLS with {@code tls} (its key and certificate, and the trust store that
     * must vouch for the gateway's client certificate); plain DICOM when empty.
     */
    public CommitmentRequester(String aeTitle, Optional<DicomTls> tls) {
        this.aeTitle = aeTitle;
        try {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next());
            reports =
                    tls.isPresent() ? tls.get().bind(at, 8, true) : new ServerSocket(at.getPort(), 8, at.getAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptReports, "commitment-requester-" + aeTitle);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where reports on a new association reach us ({@code AE@127.0.0.1:port} in the gateway's configuration). */
    public int port() {
        return reports.getLocalPort();
    }

    public String address() {
        return aeTitle + "@127.0.0.1:" + port();
    }

    /**
     * Sends the request to the gateway; waits up to {@code waitForReport} for the N-EVENT-REPORT on the same
     * association (zero: releases right after the N-ACTION-RSP).
     */
    public ActionOutcome request(int gatewayPort, String calledAe, CommitmentRequest request, Duration waitForReport)
            throws IOException, ProtocolException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gatewayPort)) {
            socket.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            List<PresentationContextProposal> proposed =
                    List.of(new PresentationContextProposal(1, StorageCommitment.SOP_CLASS_UID, List.of(TS)));
            out.write(Pdus.associateRequest(calledAe, aeTitle, proposed, 65536));
            out.flush();
            Pdu ac = Pdu.read(in);
            if (ac.type != Pdus.ASSOCIATE_AC) {
                throw new ProtocolException("association not accepted: PDU type " + ac.type);
            }
            if (Pdus.parseAssociateAccept(ac.body, proposed)
                    .accepted(StorageCommitment.SOP_CLASS_UID)
                    .isEmpty()) {
                throw new ProtocolException("Storage Commitment presentation context not accepted");
            }
            Pdus.writeCommand(
                    out,
                    1,
                    DimseCommand.actionRequest(
                            7, StorageCommitment.SOP_CLASS_UID, StorageCommitment.SOP_INSTANCE_UID, 1),
                    0);
            Pdus.writeDataSet(out, 1, CommitmentDataSets.encodeRequest(request, TS), 0);
            Message rsp = Message.read(in);
            if (rsp.command.commandField() != DimseCommand.N_ACTION_RSP) {
                throw new ProtocolException("answer to N-ACTION is " + rsp.command.commandField());
            }
            Optional<CommitmentResult> report = Optional.empty();
            if (!waitForReport.isZero()) {
                socket.setSoTimeout((int) waitForReport.toMillis());
                try {
                    Message rq = Message.read(in);
                    report = Optional.of(answer(rq, out));
                } catch (SocketTimeoutException e) {
                    // no report within the wait: release, the gateway reports on a new association
                }
                socket.setSoTimeout(30_000);
            }
            out.write(Pdus.releaseRequest());
            out.flush();
            Pdu.read(in);
            return new ActionOutcome(rsp.command.status(), report);
        }
    }

    /** The next report that came on a new association, waiting up to {@code timeout}. */
    public Optional<CommitmentResult> nextReport(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    private static CommitmentResult answer(Message rq, OutputStream out) throws IOException, ProtocolException {
        if (rq.command.commandField() != DimseCommand.N_EVENT_REPORT_RQ) {
            throw new ProtocolException("expected N-EVENT-REPORT-RQ, got " + rq.command.commandField());
        }
        CommitmentResult result = CommitmentDataSets.decodeResult(rq.data, TS);
        Pdus.writeCommand(
                out,
                rq.contextId,
                DimseCommand.eventReportResponse(
                        rq.command.messageId(),
                        StorageCommitment.SOP_CLASS_UID,
                        StorageCommitment.SOP_INSTANCE_UID,
                        rq.command.typeId(),
                        0),
                0);
        return result;
    }

    private void acceptReports() {
        while (!reports.isClosed()) {
            try (Socket socket = reports.accept()) {
                socket.setSoTimeout(30_000);
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                OutputStream out = socket.getOutputStream();
                Pdu rqPdu = Pdu.read(in);
                AssociateRequest rq = Pdus.parseAssociateRequest(rqPdu.body);
                List<PresentationContextDecision> decisions = new ArrayList<>();
                for (PresentationContextProposal p : rq.presentationContexts()) {
                    boolean ok = StorageCommitment.SOP_CLASS_UID.equals(p.abstractSyntax())
                            && p.transferSyntaxes().contains(TS);
                    decisions.add(new PresentationContextDecision(p.id(), ok ? 0 : 3, p.abstractSyntax(), TS));
                }
                out.write(Pdus.associateAccept(rq, decisions, 65536));
                out.flush();
                received.add(answer(Message.read(in), out));
                Pdu release = Pdu.read(in);
                if (release.type == Pdus.RELEASE_RQ) {
                    out.write(Pdus.releaseResponse());
                    out.flush();
                }
            } catch (IOException | ProtocolException | RuntimeException e) {
                if (reports.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        reports.close();
    }

    /** One PDU: its type and body. */
    private record Pdu(int type, byte[] body) {
        static Pdu read(DataInputStream in) throws IOException {
            int type = in.readUnsignedByte();
            in.readUnsignedByte();
            int length = in.readInt();
            byte[] body = new byte[length];
            in.readFully(body);
            return new Pdu(type, body);
        }
    }

    /** One DIMSE message: command, and its data set when it has one. */
    private record Message(int contextId, DimseCommand command, byte[] data) {
        static Message read(DataInputStream in) throws IOException, ProtocolException {
            ByteArrayOutputStream command = new ByteArrayOutputStream();
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            DimseCommand parsed = null;
            int contextId = 0;
            while (true) {
                Pdu pdu = Pdu.read(in);
                if (pdu.type != Pdus.P_DATA_TF) {
                    throw new ProtocolException("expected P-DATA-TF, got PDU type " + pdu.type);
                }
                int at = 0;
                while (at < pdu.body.length) {
                    int length = (int) Pdus.u32(pdu.body, at);
                    contextId = pdu.body[at + 4] & 0xFF;
                    int control = pdu.body[at + 5] & 0xFF;
                    ByteArrayOutputStream sink = (control & 1) != 0 ? command : data;
                    sink.write(pdu.body, at + 6, length - 2);
                    at += 4 + length;
                    if ((control & 2) != 0) {
                        if ((control & 1) != 0) {
                            parsed = DimseCommand.parse(command.toByteArray());
                            if (!parsed.hasDataSet()) {
                                return new Message(contextId, parsed, new byte[0]);
                            }
                        } else {
                            return new Message(contextId, parsed, data.toByteArray());
                        }
                    }
                }
            }
        }
    }
}
