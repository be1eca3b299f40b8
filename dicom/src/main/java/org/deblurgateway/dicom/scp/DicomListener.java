package org.deblurgateway.dicom.scp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.deblurgateway.dicom.net.AssociationRejection;
import org.deblurgateway.dicom.net.Pdus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DICOM storage SCP: accepts associations on one port with a bounded number served at a time (more are
 * answered with A-ASSOCIATE-RJ, local limit exceeded), and stops gracefully: no new associations, in-flight
 * C-STOREs are answered, then whatever is left is aborted.
 */
public final class DicomListener {

    private static final Logger LOG = LoggerFactory.getLogger(DicomListener.class);
    /** How long an over-limit connection gets to send its A-ASSOCIATE-RQ before it is simply closed. */
    private static final int REJECT_READ_TIMEOUT_MS = 2000;

    private final ListenerSettings settings;
    private final Spool spool;
    private final IngestPublisher publisher;
    private final PresentationContextPolicy policy = new PresentationContextPolicy();
    private final Set<AssociationHandler> active = ConcurrentHashMap.newKeySet();
    private final Semaphore slots;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor rejector;
    /** Runs each object's fsync while its association thread checks the data set (one per association at most). */
    private final ThreadPoolExecutor syncPool;
    private volatile ServerSocket server;
    private Thread acceptThread;

    public DicomListener(ListenerSettings settings, Spool spool, IngestPublisher publisher) {
        this.settings = settings;
        this.spool = spool;
        this.publisher = publisher;
        this.slots = new Semaphore(settings.maxAssociations());
        this.workers = new ThreadPoolExecutor(settings.maxAssociations(), settings.maxAssociations(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("dicom-association-"));
        this.workers.allowCoreThreadTimeOut(true);
        this.syncPool = new ThreadPoolExecutor(settings.maxAssociations(), settings.maxAssociations(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("dicom-fsync-"));
        this.syncPool.allowCoreThreadTimeOut(true);
        this.rejector = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(32),
                threads("dicom-reject-"), (task, pool) -> ((Rejection) task).close());
    }

    /** Prepares the spool and binds the port; associations are served from then on. */
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        spool.prepare();
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.setReceiveBufferSize(256 * 1024);
        socket.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()), 64);
        server = socket;
        acceptThread = new Thread(this::acceptLoop, "dicom-listener-accept");
        acceptThread.start();
        LOG.info("DICOM listener on {}:{} as AE {} (max {} associations, calling AEs: {})", settings.bindAddress(),
                socket.getLocalPort(), settings.aeTitles(), settings.maxAssociations(),
                settings.allowedCallingAeTitles().map(Object::toString).orElse("any"));
    }

    /** True while the port is bound and associations are accepted. */
    public boolean isBound() {
        ServerSocket s = server;
        return s != null && s.isBound() && !s.isClosed();
    }

    /** The bound port (useful when configured as 0); -1 when not listening. */
    public int port() {
        ServerSocket s = server;
        return s == null ? -1 : s.getLocalPort();
    }

    /** Number of associations being served now. */
    public int activeAssociations() {
        return active.size();
    }

    /**
     * Stops accepting, lets in-flight C-STOREs finish (idle associations are aborted at once), waits up to the
     * shutdown timeout, then aborts whatever remains.
     */
    public void stop() {
        ServerSocket s;
        synchronized (this) {
            s = server;
            server = null;
        }
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing server socket failed: {}", e.toString());
        }
        int inFlight = active.size();
        if (inFlight > 0) {
            LOG.info("DICOM listener stopping: waiting up to {} for {} association(s)", settings.shutdownTimeout(), inFlight);
        }
        for (AssociationHandler h : active) {
            h.requestStop();
        }
        workers.shutdown();
        rejector.shutdown();
        try {
            if (!workers.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("DICOM listener: {} association(s) still busy after {}, aborting them", active.size(),
                        settings.shutdownTimeout());
                for (AssociationHandler h : active) {
                    h.forceStop();
                }
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
            rejector.awaitTermination(REJECT_READ_TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS);
            syncPool.shutdown();
            if (acceptThread != null) {
                acceptThread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("DICOM listener stopped");
    }

    private void acceptLoop() {
        while (true) {
            ServerSocket s = server;
            if (s == null) {
                return;
            }
            Socket socket;
            try {
                socket = s.accept();
            } catch (SocketException e) {
                return; // closed by stop()
            } catch (IOException e) {
                LOG.warn("DICOM listener: accept failed: {}", e.toString());
                continue;
            }
            dispatch(socket);
        }
    }

    private void dispatch(Socket socket) {
        if (!slots.tryAcquire()) {
            LOG.warn("DICOM listener: {} associations in use, rejecting {}", settings.maxAssociations(),
                    socket.getRemoteSocketAddress());
            try {
                rejector.execute(new Rejection(socket, AssociationRejection.LOCAL_LIMIT_EXCEEDED));
            } catch (RejectedExecutionException e) {
                closeQuietly(socket);
            }
            return;
        }
        AssociationHandler handler = new AssociationHandler(socket, settings, policy, spool, publisher, syncPool);
        active.add(handler);
        try {
            workers.execute(() -> {
                try {
                    handler.run();
                } finally {
                    active.remove(handler);
                    slots.release();
                }
            });
        } catch (RejectedExecutionException e) {
            active.remove(handler);
            slots.release();
            closeQuietly(socket);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** Reads a connection's A-ASSOCIATE-RQ (bounded wait) and answers A-ASSOCIATE-RJ. */
    private static final class Rejection implements Runnable {
        private final Socket socket;
        private final AssociationRejection reason;

        Rejection(Socket socket, AssociationRejection reason) {
            this.socket = socket;
            this.reason = reason;
        }

        @Override
        public void run() {
            try (socket) {
                socket.setSoTimeout(REJECT_READ_TIMEOUT_MS);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                int type = in.readUnsignedByte();
                in.readUnsignedByte();
                long length = Integer.toUnsignedLong(in.readInt());
                if (type == Pdus.ASSOCIATE_RQ && length < (1 << 20)) {
                    in.skipNBytes(length);
                    OutputStream out = socket.getOutputStream();
                    out.write(Pdus.associateReject(reason));
                    out.flush();
                }
            } catch (IOException e) {
                LOG.debug("rejecting {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
            }
        }

        void close() {
            closeQuietly(socket);
        }
    }
}
