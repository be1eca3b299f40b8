package org.deblurgateway.dicom.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.deblurgateway.dicom.DataSetLimit;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.dicom.scp.DicomListener;
import org.deblurgateway.dicom.scp.ListenerOptions;
import org.deblurgateway.dicom.scp.ListenerSettings;
import org.deblurgateway.dicom.scp.ReceivePath;
import org.deblurgateway.dicom.scp.RecordingIngest;
import org.deblurgateway.dicom.scp.Spool;
import org.deblurgateway.dicom.scp.TestListeners;
import org.deblurgateway.testsupport.Echoscu;

/**
 * The real DICOM listener over TCP, one connection per case. A case is the bytes a peer sends: a mutated
 * A-ASSOCIATE-RQ, or a valid association followed by a mutated command, a C-STORE with a mutated data set (of the
 * seed, in the seed's transfer syntax), or a mutated stream of PDUs. The case sends everything, half-closes, and
 * reads every PDU the listener answers until it closes the connection: that must happen within the deadline, and
 * the listener must not log an unexpected failure (the runner's LogWatch). The health check (every few cases) proves the listener still
 * serves (dcmtk echoscu, or our own C-ECHO where dcmtk is absent), that no association is left open and that no
 * part file is left in the spool; it also removes what was stored, so a long run does not fill the disk.
 */
final class ListenerTarget implements FuzzTarget {

    static final String AE = "DEBLUR";
    private static final String CALLING = "FUZZER";
    private static final int MAX_ANSWER_PDU = 1 << 20;

    /** The part of the exchange a case mutates. */
    enum Kind {
        ASSOCIATE_RQ,
        COMMAND,
        DATA_SET,
        PDU_STREAM
    }

    private final DicomListener listener;
    private final Spool spool;
    private final RecordingIngest ingest = new RecordingIngest();
    private final int readMillis;
    private final boolean dcmtk;
    private volatile Socket current;

    /**
     * @param dataDir    the listener's data folder (spool)
     * @param readMillis longest wait for the listener's next answer within a case
     */
    ListenerTarget(Path dataDir, int readMillis) throws IOException {
        this.spool = new Spool(dataDir);
        this.readMillis = readMillis;
        ListenerSettings settings = new ListenerSettings(
                Set.of(AE),
                Optional.empty(),
                "127.0.0.1",
                0,
                65536,
                4,
                Duration.ofSeconds(3),
                Duration.ofSeconds(3),
                Duration.ofSeconds(3),
                new DataSetLimit(64L * 1024 * 1024));
        this.listener = TestListeners.start(settings, new ReceivePath(spool, ingest), ListenerOptions.none());
        this.dcmtk = Files.isExecutable(Path.of("/usr/bin/echoscu"));
    }

    @Override
    public String name() {
        return "listener";
    }

    int port() {
        return listener.port();
    }

    @Override
    public FuzzInput input(Seeds.Seed seed, Seeds.Seed partner, SplittableRandom random) {
        int pick = random.nextInt(20);
        Kind kind =
                pick < 5 ? Kind.ASSOCIATE_RQ : pick < 9 ? Kind.COMMAND : pick < 18 ? Kind.DATA_SET : Kind.PDU_STREAM;
        String ts = proposable(seed.transferSyntax());
        byte[] associate = WirePdus.associateRq(CALLING, AE, seed.sopClassUid(), List.of(ts));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Mutator.Mutated m;
        switch (kind) {
            case ASSOCIATE_RQ -> {
                m = Mutator.mutate(associate, partnerPdu(partner), 0, random);
                wire.writeBytes(m.bytes());
                wire.writeBytes(WirePdus.releaseRq());
            }
            case COMMAND -> {
                wire.writeBytes(associate);
                boolean echo = random.nextInt(4) == 0;
                byte[] command = echo
                        ? WirePdus.pData(3, true, WirePdus.echoCommand(1))
                        : WirePdus.pData(1, true, WirePdus.storeCommand(seed.sopClassUid(), seed.sopInstanceUid(), 1));
                m = Mutator.mutate(command, WirePdus.echoCommand(2), 0, random);
                wire.writeBytes(m.bytes());
                if (!echo) {
                    wire.writeBytes(WirePdus.pData(1, false, small(seed.dataSet())));
                }
                wire.writeBytes(WirePdus.releaseRq());
            }
            case DATA_SET -> {
                wire.writeBytes(associate);
                wire.writeBytes(
                        WirePdus.pData(1, true, WirePdus.storeCommand(seed.sopClassUid(), seed.sopInstanceUid(), 1)));
                m = Mutator.mutate(seed.dataSet(), partner.dataSet(), 0, random);
                wire.writeBytes(WirePdus.pData(1, false, m.bytes()));
                wire.writeBytes(WirePdus.releaseRq());
            }
            default -> {
                wire.writeBytes(associate);
                ByteArrayOutputStream stream = new ByteArrayOutputStream();
                int pdus = 1 + random.nextInt(4);
                for (int i = 0; i < pdus; i++) {
                    switch (random.nextInt(4)) {
                        case 0 -> stream.writeBytes(WirePdus.pData(3, true, WirePdus.echoCommand(10 + i)));
                        case 1 -> stream.writeBytes(WirePdus.releaseRq());
                        case 2 -> stream.writeBytes(WirePdus.abort());
                        default -> stream.writeBytes(WirePdus.pData(1, false, new byte[] {8, 0, 0x18, 0}));
                    }
                }
                m = Mutator.mutate(stream.toByteArray(), WirePdus.releaseRq(), 0, random);
                wire.writeBytes(m.bytes());
            }
        }
        return new FuzzInput(seed, kind.name(), wire.toByteArray(), ts, m.steps());
    }

    /** The seed's syntax when the listener takes it as it is, else explicit VR little endian. */
    private static String proposable(String ts) {
        return ts.isEmpty() || ts.length() > 64 ? TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN : ts;
    }

    private static byte[] partnerPdu(Seeds.Seed partner) {
        return WirePdus.associateRq("X", "Y", partner.sopClassUid(), List.of(partner.transferSyntax()));
    }

    private static byte[] small(byte[] dataSet) {
        return dataSet.length <= 4096 ? dataSet : Arrays.copyOf(dataSet, 4096);
    }

    @Override
    public CaseResult run(FuzzInput input) throws IOException {
        List<String> answers = new ArrayList<>();
        boolean timedOut = false;
        try (Socket socket = new Socket()) {
            current = socket;
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.port()), 5000);
            socket.setSoTimeout(readMillis);
            try {
                socket.getOutputStream().write(input.bytes());
                socket.getOutputStream().flush();
                socket.shutdownOutput();
            } catch (SocketException e) {
                // The listener may abort and close before it read everything: its answer is still to be read.
            }
            DataInputStream in = new DataInputStream(socket.getInputStream());
            ByteArrayOutputStream command = new ByteArrayOutputStream();
            while (answers.size() < 64) {
                String answer;
                try {
                    answer = readAnswer(in, command);
                } catch (SocketTimeoutException e) {
                    timedOut = true;
                    break;
                } catch (EOFException | SocketException e) {
                    break;
                }
                if (answer != null) {
                    answers.add(answer);
                }
            }
        } finally {
            current = null;
        }
        String outcome = answers.isEmpty() ? "closed without an answer" : String.join(" > ", answers);
        if (timedOut) {
            return new CaseResult(CaseResult.Verdict.HANG, "no answer or close within " + readMillis + " ms", outcome);
        }
        boolean refused = answers.stream()
                .anyMatch(a -> a.equals("A-ASSOCIATE-RJ")
                        || a.equals("A-ABORT")
                        || a.startsWith("C-STORE-RSP 0x")
                                && !a.equals("C-STORE-RSP 0x0000")
                                && !a.startsWith("C-STORE-RSP 0xB"));
        return refused || answers.isEmpty() ? CaseResult.refused(outcome) : CaseResult.accepted(outcome);
    }

    /** Reads one PDU; returns its name (with the status of a complete response), or null for a partial command. */
    private static String readAnswer(DataInputStream in, ByteArrayOutputStream command) throws IOException {
        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        long length = Integer.toUnsignedLong(in.readInt());
        if (length > MAX_ANSWER_PDU) {
            return "PDU type " + type + " of implausible length " + length;
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new EOFException();
        }
        switch (type) {
            case 0x02:
                return "A-ASSOCIATE-AC";
            case 0x03:
                return "A-ASSOCIATE-RJ";
            case 0x06:
                return "A-RELEASE-RP";
            case 0x07:
                return "A-ABORT";
            case 0x04:
                boolean last = false;
                int at = 0;
                while (at + 6 <= body.length) {
                    int pdv = ((body[at] & 0xFF) << 24)
                            | ((body[at + 1] & 0xFF) << 16)
                            | ((body[at + 2] & 0xFF) << 8)
                            | (body[at + 3] & 0xFF);
                    int control = body[at + 5] & 0xFF;
                    int n = Math.max(0, Math.min(pdv - 2, body.length - at - 6));
                    if ((control & 1) != 0) {
                        command.write(body, at + 6, n);
                        last |= (control & 2) != 0;
                    }
                    at += 6 + n;
                }
                if (!last) {
                    return null;
                }
                byte[] cmd = command.toByteArray();
                command.reset();
                int field = WirePdus.commandField(cmd);
                int status = WirePdus.status(cmd);
                String name = field == 0x8030 ? "C-ECHO-RSP" : field == 0x8001 ? "C-STORE-RSP" : "response";
                return String.format("%s 0x%04X", name, status & 0xFFFF);
            default:
                return "PDU type " + type;
        }
    }

    @Override
    public void cancel() {
        Socket s = current;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing is all we can do
            }
        }
    }

    @Override
    public String healthCheck() throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (listener.activeAssociations() > 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        if (listener.activeAssociations() > 0) {
            return listener.activeAssociations() + " association(s) still open 10 s after their peers closed";
        }
        String echo = echo();
        if (echo != null) {
            return echo;
        }
        List<Path> parts = new ArrayList<>();
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(spool.tmp())) {
            tmp.forEach(parts::add);
        }
        if (!parts.isEmpty()) {
            return parts.size() + " half-written file(s) left in the spool: "
                    + parts.get(0).getFileName();
        }
        try (DirectoryStream<Path> stored = Files.newDirectoryStream(spool.incoming())) {
            for (Path p : stored) {
                Files.deleteIfExists(p);
            }
        }
        ingest.announced().clear();
        return null;
    }

    /** Null when a C-ECHO is answered with Success. */
    private String echo() throws IOException {
        if (dcmtk) {
            Echoscu.EchoResult result = Echoscu.echo(listener.port(), CALLING, AE);
            return result.succeeded() ? null : "C-ECHO (echoscu) failed: " + result.output();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.port()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(WirePdus.associateRq(CALLING, AE, WirePdus.VERIFICATION, List.of()));
            socket.getOutputStream().write(WirePdus.pData(3, true, WirePdus.echoCommand(1)));
            socket.getOutputStream().write(WirePdus.releaseRq());
            socket.shutdownOutput();
            InputStream raw = socket.getInputStream();
            DataInputStream in = new DataInputStream(raw);
            ByteArrayOutputStream command = new ByteArrayOutputStream();
            List<String> answers = new ArrayList<>();
            try {
                while (true) {
                    String a = readAnswer(in, command);
                    if (a != null) {
                        answers.add(a);
                    }
                }
            } catch (EOFException | SocketException e) {
                // closed after the release
            }
            return answers.contains("C-ECHO-RSP 0x0000") ? null : "C-ECHO failed: " + answers;
        }
    }

    /** Objects the listener stored and announced since the last health check. */
    int announced() {
        return ingest.announced().size();
    }

    @Override
    public void close() {
        listener.stop();
    }
}
