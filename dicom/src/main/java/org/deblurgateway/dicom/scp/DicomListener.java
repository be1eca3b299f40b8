package org.deblurgateway.dicom.scp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.deblurgateway.dicom.commitment.CommitmentRequests;
import org.deblurgateway.dicom.net.AssociationRejection;
import org.deblurgateway.dicom.net.Pdus;
import org.deblurgateway.dicom.tls.ClientSubjects;
import org.deblurgateway.dicom.tls.TlsListenerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DICOM storage SCP: accepts associations on the plain port and, when configured, a TLS port beside it (or
 * instead), with a bounded number served at a time over both (more are answered with A-ASSOCIATE-RJ, local limit
 * exceeded), and stops gracefully: no new associations, in-flight C-STOREs are answered, then whatever is left is
 * aborted.
 */
public final class DicomListener {

    private static final Logger LOG = LoggerFactory.getLogger(DicomListener.class);
    /** How long an over-limit connection gets to send its A-ASSOCIATE-RQ before it is simply closed. */
    private static final int REJECT_READ_TIMEOUT_MS = 2000;

    private final ListenerSettings settings;
    private final Optional<TlsListenerSettings> tls;
    private final ReceivePath receive;
    private final PresentationContextPolicy policy;
    /** Storage Commitment requests go here; null when the service is off. */
    private final CommitmentRequests commitments;

    private final Set<AssociationHandler> active = ConcurrentHashMap.newKeySet();
    private final AssociationAdmission admission;
    private final ListenerObserver observer;
    private final Semaphore slots;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor rejector;
    /** Runs each object's fsync while its association thread checks the data set (one per association at most). */
    private final ThreadPoolExecutor syncPool;

    private volatile ServerSocket server;
    private volatile ServerSocket tlsServer;
    private Thread acceptThread;
    private Thread tlsAcceptThread;

    /** A listener on the plain port only, nobody observing it. */
    public DicomListener(ListenerSettings settings, ReceivePath receive) {
        this(settings, receive, ListenerOptions.none());
    }

    /**
     * A listener that receives into {@code receive} and serves what {@code options} add: a TLS port, per-peer
     * association caps, an observer (metrics, audit trail), the Storage Commitment Push Model SCP.
     */
    public DicomListener(ListenerSettings settings, ReceivePath receive, ListenerOptions options) {
        this.commitments = options.commitments().orElse(null);
        this.policy = new PresentationContextPolicy(options.commitments().isPresent());
        this.settings = settings;
        this.receive = receive;
        this.tls = options.tls();
        this.admission = new AssociationAdmission(options.caps());
        this.observer = options.observer();
        this.slots = new Semaphore(settings.maxAssociations());
        this.workers = new ThreadPoolExecutor(
                settings.maxAssociations(),
                settings.maxAssociations(),
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                threads("dicom-association-"));
        this.workers.allowCoreThreadTimeOut(true);
        // Two fsyncs per association in flight: the received file's and its folder's.
        this.syncPool = new ThreadPoolExecutor(
                2 * settings.maxAssociations(),
                2 * settings.maxAssociations(),
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                threads("dicom-fsync-"));
        this.syncPool.allowCoreThreadTimeOut(true);
        this.rejector = new ThreadPoolExecutor(
                1,
                2,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(32),
                threads("dicom-reject-"),
                (task, pool) -> ((Rejection) task).close());
    }

    /** Prepares the spool and binds the port(s); associations are served from then on. */
    public synchronized void start() throws IOException {
        if (server != null || tlsServer != null) {
            return;
        }
        receive.spool().prepare();
        InetAddress address = InetAddress.getByName(settings.bindAddress());
        boolean plain = tls.map(TlsListenerSettings::plainPortOpen).orElse(true);
        if (plain) {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.setReceiveBufferSize(256 * 1024);
            socket.bind(new InetSocketAddress(address, settings.port()), 64);
            server = socket;
            acceptThread = new Thread(() -> acceptLoop(socket, null), "dicom-listener-accept");
            acceptThread.start();
            LOG.info(
                    "DICOM listener on {}:{} as AE {} (max {} associations, calling AEs: {})",
                    settings.bindAddress(),
                    socket.getLocalPort(),
                    settings.aeTitles(),
                    settings.maxAssociations(),
                    settings.allowedCallingAeTitles().map(Object::toString).orElse("any"));
        }
        if (tls.isPresent()) {
            TlsListenerSettings t = tls.get();
            ServerSocket socket;
            try {
                socket = t.tls().bind(new InetSocketAddress(address, t.port()), 64, t.needClientAuth());
            } catch (IOException | RuntimeException e) {
                closeQuietly(server);
                server = null;
                throw e;
            }
            tlsServer = socket;
            tlsAcceptThread = new Thread(() -> acceptLoop(socket, t.clientSubjects()), "dicom-listener-tls-accept");
            tlsAcceptThread.start();
            LOG.info(
                    "DGW-TLS-010 DICOM TLS listener on {}:{} as AE {} ({}; client certificates: {}){}",
                    settings.bindAddress(),
                    socket.getLocalPort(),
                    settings.aeTitles(),
                    String.join(", ", t.tls().protocols()),
                    t.needClientAuth() ? "required, " + t.clientSubjects() : "not asked for",
                    plain ? "" : "; no plain DICOM port");
        }
    }

    /** True while every configured port is bound and associations are accepted. */
    public boolean isBound() {
        boolean plain = tls.map(TlsListenerSettings::plainPortOpen).orElse(true);
        return (!plain || bound(server)) && (tls.isEmpty() || bound(tlsServer));
    }

    private static boolean bound(ServerSocket s) {
        return s != null && s.isBound() && !s.isClosed();
    }

    /** The bound plain port (useful when configured as 0); -1 when not listening on one. */
    public int port() {
        ServerSocket s = server;
        return s == null ? -1 : s.getLocalPort();
    }

    /** The bound TLS port; -1 when not listening on one. */
    public int tlsPort() {
        ServerSocket s = tlsServer;
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
        ServerSocket t;
        synchronized (this) {
            s = server;
            t = tlsServer;
            server = null;
            tlsServer = null;
        }
        if (s == null && t == null) {
            return;
        }
        closeQuietly(s);
        closeQuietly(t);
        int inFlight = active.size();
        if (inFlight > 0) {
            LOG.info(
                    "DICOM listener stopping: waiting up to {} for {} association(s)",
                    settings.shutdownTimeout(),
                    inFlight);
        }
        for (AssociationHandler h : active) {
            h.requestStop();
        }
        workers.shutdown();
        rejector.shutdown();
        try {
            if (!workers.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "DICOM listener: {} association(s) still busy after {}, aborting them",
                        active.size(),
                        settings.shutdownTimeout());
                for (AssociationHandler h : active) {
                    h.forceStop();
                }
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
            rejector.awaitTermination(REJECT_READ_TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS);
            syncPool.shutdown();
            admission.shutdown();
            if (acceptThread != null) {
                acceptThread.join(5000);
            }
            if (tlsAcceptThread != null) {
                tlsAcceptThread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("DICOM listener stopped");
    }

    /** @param clientSubjects the TLS port's certificate allow list; null on the plain port */
    private void acceptLoop(ServerSocket s, ClientSubjects clientSubjects) {
        while (true) {
            if (s.isClosed()) {
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
            dispatch(socket, clientSubjects);
        }
    }

    private void dispatch(Socket socket, ClientSubjects clientSubjects) {
        InetAddress address = socket.getInetAddress();
        if (!admission.admitAddress(address)) {
            LOG.warn(
                    "DICOM listener: {} has its share of associations in use, rejecting {}",
                    address,
                    socket.getRemoteSocketAddress());
            reject(socket);
            return;
        }
        if (!slots.tryAcquire()) {
            admission.releaseAddress(address);
            LOG.warn(
                    "DICOM listener: {} associations in use, rejecting {}",
                    settings.maxAssociations(),
                    socket.getRemoteSocketAddress());
            reject(socket);
            return;
        }
        AssociationHandler handler = new AssociationHandler(
                socket, settings, policy, receive, syncPool, clientSubjects, admission, observer, commitments);
        active.add(handler);
        try {
            workers.execute(() -> {
                try {
                    handler.run();
                } finally {
                    active.remove(handler);
                    slots.release();
                    admission.releaseAddress(address);
                }
            });
        } catch (RejectedExecutionException e) {
            active.remove(handler);
            slots.release();
            admission.releaseAddress(address);
            closeQuietly(socket);
        }
    }

    /** A-ASSOCIATE-RJ (transient, local limit exceeded) on the rejector pool; closed at once when that is full. */
    private void reject(Socket socket) {
        try {
            rejector.execute(new Rejection(socket, AssociationRejection.LOCAL_LIMIT_EXCEEDED, admission, observer));
        } catch (RejectedExecutionException e) {
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

    private static void closeQuietly(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing server socket failed: {}", e.toString());
        }
    }

    /** Reads a connection's A-ASSOCIATE-RQ (bounded wait, in total too) and answers A-ASSOCIATE-RJ. */
    private static final class Rejection implements Runnable {
        private final Socket socket;
        private final AssociationRejection reason;
        private final AssociationAdmission admission;
        private final ListenerObserver observer;

        Rejection(
                Socket socket, AssociationRejection reason, AssociationAdmission admission, ListenerObserver observer) {
            this.socket = socket;
            this.reason = reason;
            this.admission = admission;
            this.observer = observer;
        }

        @Override
        public void run() {
            ScheduledFuture<?> deadline =
                    admission.deadline(this::close, Duration.ofMillis(REJECT_READ_TIMEOUT_MS * 2L));
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
                    observer.associationRejected(reason);
                }
            } catch (IOException e) {
                LOG.debug("rejecting {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
            } finally {
                deadline.cancel(false);
            }
        }

        void close() {
            closeQuietly(socket);
        }
    }
}
