package org.deblurgateway.dicom.scp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import org.deblurgateway.dicom.DataSetLimit;
import org.deblurgateway.dicom.DicomUids;
import org.deblurgateway.dicom.net.DimseCommand;
import org.deblurgateway.dicom.net.PresentationContextDecision;

/**
 * Takes Part 10 objects that arrive outside an association (a STOW-RS request's parts) through the listener's own
 * durable C-STORE service: the same spool, checks, size limit and ingest announcement, so an object is answered
 * stored only once it is durable and announced. The file meta information of each object stands in for the C-STORE
 * command (SOP Class and Instance UID) and the presentation context (transfer syntax).
 */
public final class PartTenIngest {

    /** Largest file meta information group taken; real ones are a few hundred bytes. */
    static final int MAX_META_BYTES = 64 * 1024;

    private static final int PREAMBLE = 128;
    private static final int CHUNK = 64 * 1024;

    private final Spool spool;
    private final IngestPublisher publisher;
    private final ExecutorService syncPool;
    private final DataSetLimit limit;
    private final SpoolFloor floor;

    /**
     * @param syncPool runs the fsync of a part file while its data set is read back, as for the listener
     * @param floor    refuses each part (0xA700) before it is written while the spool is short of space
     */
    public PartTenIngest(
            Spool spool, IngestPublisher publisher, ExecutorService syncPool, DataSetLimit limit, SpoolFloor floor) {
        this.spool = spool;
        this.publisher = publisher;
        this.syncPool = syncPool;
        this.limit = limit;
        this.floor = floor;
    }

    /**
     * What became of one object: its UIDs as its meta information names them (null when it could not be read that
     * far), the C-STORE status it would have had and the reason of a failure (null on success).
     */
    public record Outcome(String sopClassUid, String sopInstanceUid, int status, String errorComment) {

        public boolean stored() {
            return status == DicomStatus.SUCCESS;
        }
    }

    /**
     * Opens a batch for the objects of one request, all from the same source; one thread uses it, object after
     * object, and closes it.
     *
     * @param label how the log names the request
     */
    public Batch open(String callingAe, String calledAe, String label) {
        return new Batch(
                new DurableCStoreService(spool, publisher, syncPool, callingAe, calledAe, "", label, limit, floor));
    }

    /** The objects of one request: one ingest channel, opened on the first object. */
    public static final class Batch implements AutoCloseable {
        private final DurableCStoreService service;
        private int messageId;

        private Batch(DurableCStoreService service) {
            this.service = service;
        }

        /**
         * Stores one Part 10 object read from {@code object} to its end.
         *
         * @throws IOException when {@code object} itself fails (the request broke off): nothing of the object is kept
         */
        public Outcome store(InputStream object) throws IOException {
            MetaInformation meta;
            try {
                meta = MetaInformation.read(object);
            } catch (NotPartTenException e) {
                object.transferTo(OutputStream.nullOutputStream());
                return new Outcome(null, null, DicomStatus.CANNOT_UNDERSTAND, e.getMessage());
            }
            if (!DicomUids.isValid(meta.transferSyntaxUid())) {
                object.transferTo(OutputStream.nullOutputStream());
                return new Outcome(
                        meta.sopClassUid(),
                        meta.sopInstanceUid(),
                        DicomStatus.CANNOT_UNDERSTAND,
                        "invalid Transfer Syntax UID in the file meta information");
            }
            DimseCommand command = new DimseCommand(
                    DimseCommand.C_STORE_RQ,
                    ++messageId,
                    meta.sopClassUid(),
                    meta.sopInstanceUid(),
                    true,
                    DimseCommand.NO_STATUS,
                    null);
            PresentationContextDecision context = new PresentationContextDecision(
                    1, PresentationContextDecision.ACCEPTANCE, meta.sopClassUid(), meta.transferSyntaxUid());
            DurableCStoreService.IncomingObject incoming = service.begin(context, command);
            try {
                byte[] chunk = new byte[CHUNK];
                int n;
                while ((n = object.read(chunk)) >= 0) {
                    incoming.receive(chunk, 0, n);
                }
            } catch (IOException | RuntimeException e) {
                incoming.discard(); // the object is incomplete: it must not be placed or announced
                throw e;
            }
            DurableCStoreService.Answer answer = service.finish(incoming);
            return new Outcome(meta.sopClassUid(), meta.sopInstanceUid(), answer.status(), answer.errorComment());
        }

        @Override
        public void close() {
            service.close();
        }
    }

    /** The three UIDs of a file meta information group (PS3.10 7.1; explicit VR little endian). */
    record MetaInformation(String sopClassUid, String sopInstanceUid, String transferSyntaxUid) {

        static MetaInformation read(InputStream in) throws IOException, NotPartTenException {
            byte[] head = readFully(in, PREAMBLE + 4 + 12, "the object is shorter than a Part 10 header");
            if (!"DICM".equals(new String(head, PREAMBLE, 4, StandardCharsets.US_ASCII))) {
                throw new NotPartTenException("not a DICOM Part 10 object (no \"DICM\" after the 128-byte preamble)");
            }
            ByteBuffer groupLength = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            int group = groupLength.getShort(PREAMBLE + 4) & 0xFFFF;
            int element = groupLength.getShort(PREAMBLE + 6) & 0xFFFF;
            String vr = new String(head, PREAMBLE + 8, 2, StandardCharsets.US_ASCII);
            int valueLength = groupLength.getShort(PREAMBLE + 10) & 0xFFFF;
            long length = groupLength.getInt(PREAMBLE + 12) & 0xFFFFFFFFL;
            if (group != 0x0002 || element != 0x0000 || !"UL".equals(vr) || valueLength != 4) {
                throw new NotPartTenException("the file meta information does not start with its group length");
            }
            if (length > MAX_META_BYTES) {
                throw new NotPartTenException("the file meta information is longer than " + MAX_META_BYTES + " bytes");
            }
            ByteBuffer meta = ByteBuffer.wrap(readFully(in, (int) length, "the file meta information is cut short"))
                    .order(ByteOrder.LITTLE_ENDIAN);
            String sopClass = null;
            String sopInstance = null;
            String syntax = null;
            while (meta.remaining() >= 8) {
                int g = meta.getShort() & 0xFFFF;
                int e = meta.getShort() & 0xFFFF;
                byte[] vrBytes = new byte[2];
                meta.get(vrBytes);
                String elementVr = new String(vrBytes, StandardCharsets.US_ASCII);
                long len;
                if (elementVr.equals("OB")
                        || elementVr.equals("OW")
                        || elementVr.equals("UN")
                        || elementVr.equals("SQ")
                        || elementVr.equals("UT")
                        || elementVr.equals("UC")
                        || elementVr.equals("UR")) {
                    if (meta.remaining() < 6) {
                        break;
                    }
                    meta.getShort();
                    len = meta.getInt() & 0xFFFFFFFFL;
                } else {
                    len = meta.getShort() & 0xFFFF;
                }
                if (g != 0x0002 || len > meta.remaining()) {
                    throw new NotPartTenException("the file meta information is malformed");
                }
                byte[] value = new byte[(int) len];
                meta.get(value);
                String text = DicomUids.trimPadding(new String(value, StandardCharsets.US_ASCII));
                switch (e) {
                    case 0x0002 -> sopClass = text;
                    case 0x0003 -> sopInstance = text;
                    case 0x0010 -> syntax = text;
                    default -> {
                        // other meta elements (version, implementation, source AE) are written anew by the spool
                    }
                }
            }
            if (sopClass == null || sopInstance == null || syntax == null) {
                throw new NotPartTenException("the file meta information lacks the Media Storage SOP Class UID, "
                        + "Media Storage SOP Instance UID or Transfer Syntax UID");
            }
            return new MetaInformation(sopClass, sopInstance, syntax);
        }

        private static byte[] readFully(InputStream in, int n, String tooShort)
                throws IOException, NotPartTenException {
            byte[] bytes = in.readNBytes(n);
            if (bytes.length < n) {
                throw new NotPartTenException(tooShort);
            }
            return bytes;
        }
    }

    /** The object does not start like a Part 10 file; it is refused with 0xC000. */
    static final class NotPartTenException extends Exception {
        NotPartTenException(String message) {
            super(message);
        }
    }
}
