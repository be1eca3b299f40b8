package org.deblurgateway.gateway.dicomweb;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x request body as a blocking stream for a worker thread, with back-pressure: the request is paused while
 * a few chunks wait unread, so a large STOW-RS body is never held in the heap, only the chunks in flight.
 */
final class RequestBodyStream extends InputStream {

    private static final int PAUSE_AT_CHUNKS = 16;
    private static final int RESUME_BELOW_CHUNKS = 4;
    private static final Object END = new Object();

    private final HttpServerRequest request;
    private final Context context;
    private final long timeoutMillis;
    private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    // Only touched on the request's context (event loop).
    private boolean paused = true;
    private byte[] current;
    private int offset;
    private boolean ended;

    /** Must be called on the request's context, with the request paused; reading resumes it. */
    RequestBodyStream(HttpServerRequest request, Context context, Duration readTimeout) {
        this.request = request;
        this.context = context;
        this.timeoutMillis = readTimeout.toMillis();
        request.handler(this::onChunk);
        request.endHandler(v -> chunks.add(END));
        request.exceptionHandler(chunks::add);
        resumeSoon();
    }

    private void onChunk(Buffer buffer) {
        chunks.add(buffer.getBytes());
        if (!paused && chunks.size() >= PAUSE_AT_CHUNKS) {
            paused = true;
            request.pause();
        }
    }

    private void resumeSoon() {
        context.runOnContext(v -> {
            if (paused && chunks.size() < RESUME_BELOW_CHUNKS) {
                paused = false;
                request.resume();
            }
        });
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || offset == current.length) {
            if (ended) {
                return -1;
            }
            Object next;
            try {
                next = chunks.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the request body");
            }
            if (next == null) {
                throw new IOException("no request body bytes for " + timeoutMillis + " ms");
            }
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof Throwable failure) {
                ended = true;
                throw new IOException("the request broke off: " + failure.getMessage(), failure);
            }
            current = (byte[]) next;
            offset = 0;
            if (chunks.size() < RESUME_BELOW_CHUNKS) {
                resumeSoon();
            }
        }
        int n = Math.min(len, current.length - offset);
        System.arraycopy(current, offset, b, off, n);
        offset += n;
        return n;
    }

    /** Lets the rest of the body arrive (and be dropped) after the answer, e.g. once the body is found malformed. */
    void drain() {
        context.runOnContext(v -> {
            request.handler(buffer -> {});
            request.resume();
        });
        chunks.clear();
    }
}
