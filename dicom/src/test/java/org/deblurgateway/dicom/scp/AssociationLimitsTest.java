package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.dicom.net.Pdus;
import org.deblurgateway.dicom.net.PresentationContextProposal;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.ToolRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may hold the listener's association slots: the whole setup (not each read) is bounded, and one address or one
 * calling AE title gets only its share of the pool, while others are still served.
 */
class AssociationLimitsTest {

    @TempDir
    Path work;

    private DicomListener listener;

    @BeforeAll
    static void needsDcmtk() {
        Dcmtk.assumeInstalled();
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }

    private void start(int maxAssociations, Duration requestTimeout, AssociationCaps caps) throws IOException {
        ListenerSettings settings = new ListenerSettings(
                Set.of("DEBLUR"),
                Optional.empty(),
                "127.0.0.1",
                0,
                65536,
                maxAssociations,
                requestTimeout,
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        listener = TestListeners.start(
                settings,
                new ReceivePath(new Spool(work.resolve("data")), new RecordingIngest()),
                ListenerOptions.none().withCaps(caps));
    }

    private ToolRun echo(String callingAe) {
        return Dcmtk.run(
                "echoscu",
                "-aet",
                callingAe,
                "-aec",
                "DEBLUR",
                "-to",
                "5",
                "127.0.0.1",
                Integer.toString(listener.port()));
    }

    /** A connection from {@code localAddress} (any 127.x address is this machine) that has sent nothing yet. */
    private Socket connectFrom(String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", listener.port()), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends an A-ASSOCIATE-RQ for Verification and returns the PDU type of the answer. */
    private static int associate(Socket socket, String callingAe) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(Pdus.associateRequest(
                "DEBLUR",
                callingAe,
                List.of(new PresentationContextProposal(
                        1,
                        PresentationContextPolicy.VERIFICATION,
                        List.of(TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN))),
                16384));
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
        return type;
    }

    @Test
    void setup_peerTricklesAssociateRequest_closedAtTotalLimitAndSlotFreed() throws Exception {
        start(1, Duration.ofSeconds(1), AssociationCaps.none());
        try (Socket trickler = connectFrom("127.0.0.1")) {
            OutputStream out = trickler.getOutputStream();
            // An A-ASSOCIATE-RQ header announcing 1000 bytes, then one byte every 300 ms: each read is well within
            // the 1 s limit, the whole request would take 5 minutes.
            out.write(new byte[] {Pdus.ASSOCIATE_RQ, 0, 0, 0, 0x03, (byte) 0xE8});
            out.flush();
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 30 && !closed; i++) {
                Thread.sleep(300);
                try {
                    out.write(0);
                    out.flush();
                    trickler.setSoTimeout(1);
                    closed = trickler.getInputStream().read() < 0;
                } catch (SocketTimeoutException e) {
                    // still open
                } catch (IOException e) {
                    closed = true;
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closed, "a trickling peer must be cut off");
            assertTrue(millis < 3000, "cut off after " + millis + " ms; the limit is 1 s in total");
        }
        ToolRun run = echo("MODALITY");
        assertEquals(0, run.exit(), "the only slot is free again:\n" + run.output());
    }

    @Test
    void perAddressCap_oneAddressFull_rejectedWhileAnotherAddressServed() throws Exception {
        start(4, Duration.ofSeconds(10), new AssociationCaps(OptionalInt.of(1), OptionalInt.empty()));
        try (Socket holder = connectFrom("127.0.0.1")) {
            assertEquals(Pdus.ASSOCIATE_AC, associate(holder, "HOLDER"));
            ToolRun sameAddress = echo("MODALITY");
            assertTrue(sameAddress.output().contains("Association Rejected"), sameAddress.output());
            try (Socket other = connectFrom("127.0.0.2")) {
                assertEquals(Pdus.ASSOCIATE_AC, associate(other, "MODALITY"), "another address still has its share");
            }
        }
        awaitActive(0);
        assertEquals(0, echo("MODALITY").exit(), "the address's share is released with its association");
    }

    @Test
    void perCallingAeCap_oneAeFull_rejectedWhileAnotherAeServed() throws Exception {
        start(4, Duration.ofSeconds(10), new AssociationCaps(OptionalInt.empty(), OptionalInt.of(1)));
        try (Socket holder = connectFrom("127.0.0.1")) {
            assertEquals(Pdus.ASSOCIATE_AC, associate(holder, "CT01"));
            ToolRun sameAe = echo("CT01");
            assertTrue(sameAe.output().contains("Association Rejected"), sameAe.output());
            assertEquals(0, echo("MR01").exit(), "another AE title still has its share");
        }
        awaitActive(0);
        assertEquals(0, echo("CT01").exit(), "the AE title's share is released with its association");
    }

    private void awaitActive(int count) throws InterruptedException {
        for (int i = 0; i < 100 && listener.activeAssociations() != count; i++) {
            Thread.sleep(50);
        }
        assertEquals(count, listener.activeAssociations());
    }
}
