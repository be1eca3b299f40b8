package org.deblurgateway.dicom.scu;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.deblurgateway.dicom.net.AssociateRequest;
import org.deblurgateway.dicom.net.DimseCommand;
import org.deblurgateway.dicom.net.Pdus;
import org.deblurgateway.dicom.net.PresentationContextDecision;
import org.deblurgateway.dicom.net.PresentationContextProposal;
import org.deblurgateway.dicom.net.ProtocolException;

/**
 * A C-STORE SCP for the pool's tests that records which association carried each object and can misbehave on cue:
 * abort its first association on a given object (after its data set, before the response), or close every association's
 * socket after a number of objects without a word, or answer each C-STORE only after a delay. Accepts every proposed
 * context in its first transfer syntax and serves associations in parallel, each on its own thread; counts the most
 * connections it had open at once.
 */
final class ScriptedStoreScp implements AutoCloseable {

    /** One object received: the association it came on (1, 2, ...) and its SOP Instance UID. */
    record Received(int association, String sopInstanceUid) {}

    private final ServerSocket server;
    private final int abortFirstAssociationAt;
    private final int closeSilentlyAfter;
    private final AtomicInteger associations = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final Duration responseDelay;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Integer> proposedContexts = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /**
     * @param abortFirstAssociationAt on association 1, this object (1: the first) is read whole and answered with
     *                                A-ABORT instead of a C-STORE-RSP (0: never)
     * @param closeSilentlyAfter         every association's socket is closed, with no PDU, once it carried this many
     *                                   objects (0: never)
     */
    ScriptedStoreScp(int abortFirstAssociationAt, int closeSilentlyAfter) throws IOException {
        this(abortFirstAssociationAt, closeSilentlyAfter, Duration.ZERO);
    }

    /** @param responseDelay how long each C-STORE-RSP is held back after its data set is in */
    ScriptedStoreScp(int abortFirstAssociationAt, int closeSilentlyAfter, Duration responseDelay) throws IOException {
        this.responseDelay = responseDelay;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.abortFirstAssociationAt = abortFirstAssociationAt;
        this.closeSilentlyAfter = closeSilentlyAfter;
        this.acceptor = new Thread(this::acceptLoop, "scripted-scp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int associations() {
        return associations.get();
    }

    /** The most connections (associations and attempts) that were open at the same time. */
    int mostOpenAtOnce() {
        return mostOpen.get();
    }

    int releases() {
        return released.get();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The number of presentation contexts each association proposed, in the order they came. */
    List<Integer> proposedContexts() {
        return List.copyOf(proposedContexts);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                int number = associations.incrementAndGet();
                Thread serve = new Thread(() -> serve(socket, number), "scripted-scp-" + number);
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int number) {
        mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            int type = in.readUnsignedByte();
            byte[] body = body(in);
            if (type != Pdus.ASSOCIATE_RQ) {
                return;
            }
            AssociateRequest request = Pdus.parseAssociateRequest(body);
            proposedContexts.add(request.presentationContexts().size());
            List<PresentationContextDecision> decisions = new ArrayList<>();
            for (PresentationContextProposal proposal : request.presentationContexts()) {
                decisions.add(new PresentationContextDecision(
                        proposal.id(),
                        PresentationContextDecision.ACCEPTANCE,
                        proposal.abstractSyntax(),
                        proposal.transferSyntaxes().get(0)));
            }
            out.write(Pdus.associateAccept(request, decisions, 65536));
            out.flush();
            int objects = 0;
            ByteArrayOutputStream command = new ByteArrayOutputStream();
            DimseCommand request0 = null;
            while (true) {
                type = in.readUnsignedByte();
                body = body(in);
                if (type == Pdus.RELEASE_RQ) {
                    released.incrementAndGet();
                    out.write(Pdus.releaseResponse());
                    out.flush();
                    return;
                }
                if (type != Pdus.P_DATA_TF) {
                    return;
                }
                int at = 0;
                while (at < body.length) {
                    int itemLength = (int) Pdus.u32(body, at);
                    int contextId = body[at + 4] & 0xFF;
                    int control = body[at + 5] & 0xFF;
                    boolean isCommand = (control & 0x01) != 0;
                    boolean last = (control & 0x02) != 0;
                    if (isCommand) {
                        command.write(body, at + 6, itemLength - 2);
                        if (last) {
                            request0 = DimseCommand.parse(command.toByteArray());
                            command.reset();
                        }
                    } else if (last && request0 != null) {
                        objects++;
                        if (number == 1 && objects == abortFirstAssociationAt) {
                            out.write(Pdus.userAbort());
                            out.flush();
                            return;
                        }
                        received.add(new Received(number, request0.affectedSopInstanceUid()));
                        if (!responseDelay.isZero()) {
                            Thread.sleep(responseDelay.toMillis());
                        }
                        Pdus.writeCommand(
                                out,
                                contextId,
                                DimseCommand.storeResponse(
                                        request0.messageId(),
                                        request0.affectedSopClassUid(),
                                        request0.affectedSopInstanceUid(),
                                        0x0000,
                                        null),
                                65536);
                        out.flush();
                        if (objects == closeSilentlyAfter) {
                            return;
                        }
                    }
                    at += 4 + itemLength;
                }
            }
        } catch (EOFException | SocketException e) {
            // The requestor closed the connection.
        } catch (IOException | ProtocolException e) {
            throw new IllegalStateException("scripted SCP failed on association " + number, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.decrementAndGet();
        }
    }

    private static byte[] body(DataInputStream in) throws IOException {
        in.readUnsignedByte();
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        return body;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
