package org.deblurgateway.dicom.net;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A data set as P-DATA-TF PDUs on one presentation context: fragments no larger than the peer accepts, the last
 * one flagged when the stream is closed. Closing it does not close the connection.
 */
public final class PDataOutputStream extends OutputStream {

    private final OutputStream out;
    private final int presentationContextId;
    private final byte[] fragment;
    private int count;
    private boolean closed;

    /** @param maxFragment largest PDV value per PDU (the peer's maximum PDU length less 6) */
    public PDataOutputStream(OutputStream out, int presentationContextId, int maxFragment) {
        this.out = out;
        this.presentationContextId = presentationContextId;
        this.fragment = new byte[Math.max(1, maxFragment)];
    }

    @Override
    public void write(int b) throws IOException {
        if (count == fragment.length) {
            emit(false);
        }
        fragment[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            // A full fragment goes out only when more follows, so the last one is never empty.
            if (count == fragment.length) {
                emit(false);
            }
            int n = Math.min(len, fragment.length - count);
            System.arraycopy(b, off, fragment, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Sends the last fragment. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            emit(true);
            out.flush();
        }
    }

    private void emit(boolean last) throws IOException {
        Pdus.writePdv(out, presentationContextId, false, last, fragment, 0, count);
        count = 0;
    }
}
