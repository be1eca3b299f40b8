package org.deblurgateway.gateway.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends audit messages to a syslog collector over TLS (RFC 5425) from its own thread. Reporters only offer a message to
 * a bounded queue and never wait: a slow or unreachable collector cannot hold up a C-STORE. When the queue is full the
 * message is dropped from syslog (it is in the audit file already) and the drop is logged and counted. A message whose
 * send fails is tried again, in order, after a reconnect with a growing delay.
 */
final class SyslogSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogSender.class);

    private final String host;
    private final int port;
    private final SSLSocketFactory sockets;
    private final boolean verifyHostname;
    private final Duration connectTimeout;
    private final Duration maxRetryDelay;
    private final String hostName;
    private final String appName;
    private final long processId = ProcessHandle.current().pid();
    private final BlockingQueue<AuditMessage> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private Socket socket;
    private OutputStream out;

    SyslogSender(
            String host,
            int port,
            SSLSocketFactory sockets,
            boolean verifyHostname,
            int capacity,
            Duration connectTimeout,
            Duration maxRetryDelay,
            String hostName,
            String appName) {
        this.host = host;
        this.port = port;
        this.sockets = sockets;
        this.verifyHostname = verifyHostname;
        this.connectTimeout = connectTimeout;
        this.maxRetryDelay = maxRetryDelay;
        this.hostName = hostName;
        this.appName = appName;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "audit-syslog");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues the message for the collector; false (and logged) when the queue is full. */
    boolean offer(AuditMessage message) {
        if (queue.offer(message)) {
            return true;
        }
        long n = dropped.incrementAndGet();
        // The first drop and then every 100th: a long outage must not flood the log.
        if (n == 1 || n % 100 == 0) {
            LOG.warn(
                    "DGW-AUD-002 syslog queue full ({} messages waiting for {}:{}): {} audit message(s) kept in the "
                            + "audit file only",
                    queue.size(),
                    host,
                    port,
                    n);
        }
        return false;
    }

    long dropped() {
        return dropped.get();
    }

    long sent() {
        return sent.get();
    }

    int waiting() {
        return queue.size();
    }

    private void run() {
        long delayMillis = 250;
        AuditMessage pending = null;
        while (running || pending != null || !queue.isEmpty()) {
            try {
                if (pending == null) {
                    pending = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (pending == null) {
                        continue;
                    }
                }
                send(pending);
                pending = null;
                sent.incrementAndGet();
                delayMillis = 250;
            } catch (InterruptedException e) {
                break; // close(): what is still queued is in the file
            } catch (IOException | RuntimeException e) {
                disconnect();
                if (!running) {
                    break;
                }
                LOG.warn(
                        "DGW-AUD-003 syslog collector {}:{} not reachable ({}), retrying in {} ms; messages wait in "
                                + "the queue ({} now)",
                        host,
                        port,
                        e.getMessage(),
                        delayMillis,
                        queue.size());
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException interrupted) {
                    break;
                }
                delayMillis = Math.min(delayMillis * 2, maxRetryDelay.toMillis());
            }
        }
        disconnect();
    }

    private void send(AuditMessage message) throws IOException {
        if (out == null) {
            connect();
        }
        out.write(SyslogFrame.encode(message, hostName, appName, processId));
        out.flush();
    }

    private void connect() throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            plain.setSoTimeout((int) connectTimeout.toMillis());
            SSLSocket ssl = (SSLSocket) sockets.createSocket(plain, host, port, true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            if (verifyHostname) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            ssl.setSSLParameters(parameters);
            ssl.startHandshake();
            socket = ssl;
            out = ssl.getOutputStream();
            LOG.info(
                    "DGW-AUD-004 audit messages go to syslog collector {}:{} ({})",
                    host,
                    port,
                    ssl.getSession().getProtocol());
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing the syslog connection: {}", e.toString());
            }
        }
        socket = null;
        out = null;
    }

    /** Gives the sender up to two seconds to send what is queued, then stops it. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        int left = queue.size();
        if (left > 0) {
            LOG.warn(
                    "DGW-AUD-002 {} audit message(s) not sent to syslog at shutdown: kept in the audit file only",
                    left);
        }
    }
}
