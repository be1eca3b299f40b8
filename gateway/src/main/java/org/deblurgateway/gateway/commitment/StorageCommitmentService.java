package org.deblurgateway.gateway.commitment;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.deblurgateway.dicom.commitment.CommitmentRequest;
import org.deblurgateway.dicom.commitment.CommitmentRequests;
import org.deblurgateway.dicom.commitment.CommitmentResult;
import org.deblurgateway.dicom.commitment.FailedSop;
import org.deblurgateway.dicom.commitment.SopReference;
import org.deblurgateway.dicom.commitment.StorageCommitment;
import org.deblurgateway.dicom.scp.DicomStatus;
import org.deblurgateway.dicom.scu.Destination;
import org.deblurgateway.dicom.scu.EventReportScu;
import org.deblurgateway.dicom.tls.DicomTls;
import org.deblurgateway.gateway.DicomListenerConfig;
import org.deblurgateway.routes.config.DicomTlsSetup;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.spool.DataDir;
import org.jboss.logging.Logger;

/**
 * The Storage Commitment Push Model SCP's memory: takes each N-ACTION request on durably, looks at its instances in
 * the {@link InstanceLedger} every check interval, and once none is still on its way sends the N-EVENT-REPORT: on the
 * requesting association while it is open, else on a new association to the requester's configured address, again
 * every retry interval until the requester takes it. Pending requests are read back at start.
 */
@ApplicationScoped
public class StorageCommitmentService implements CommitmentRequests {

    private static final Logger LOG = Logger.getLogger(StorageCommitmentService.class);

    private final StorageCommitmentConfig config;
    private final InstanceLedger ledger;
    private final CommitmentJudge judge;
    private final PendingRequests store;
    private final RequesterAddresses requesters;
    private final EventReportScu reportScu;
    private final String ourAeTitle;
    private final boolean enabled;
    private final Map<String, Tracked> pending = new ConcurrentHashMap<>();
    private ScheduledExecutorService checker;
    private ExecutorService senders;

    /** A request and how its report is getting on; fields guarded by the instance. */
    private static final class Tracked {
        final PendingRequest request;
        CommitmentRequests.ReportChannel association;
        boolean inFlight;
        long nextTryAt;
        boolean warnedNoAddress;

        Tracked(PendingRequest request, CommitmentRequests.ReportChannel association) {
            this.request = request;
            this.association = association;
        }
    }

    @Inject
    public StorageCommitmentService(
            StorageCommitmentConfig config,
            InstanceLedger ledger,
            DicomListenerConfig listener,
            GatewayConfig gateway,
            DataDir dataDir,
            DicomTlsSetup tls) {
        this.config = config;
        this.ledger = ledger;
        this.judge = new CommitmentJudge(config.committedWhen());
        this.store = new PendingRequests(dataDir.root().resolve("commitment").resolve("pending"));
        this.requesters = new RequesterAddresses(config.requesters().orElse(List.of()));
        List<String> tlsPeers = requesters.tlsPeers();
        if (!tlsPeers.isEmpty() && !tls.tls().map(DicomTls::canVerifyPeers).orElse(false)) {
            throw new IllegalArgumentException("gateway.storage-commitment.requesters: " + tlsPeers
                    + " marked ;tls but gateway.dicom.tls.trust-store is not set (the trust store verifies the"
                    + " requester's certificate)");
        }
        this.reportScu = new EventReportScu(config.reportTimeout(), tls.tls());
        this.ourAeTitle = listener.aeTitle();
        this.enabled = config.enabled() && gateway.role().hostsPipeline();
    }

    /** Whether the listener serves Storage Commitment. */
    public boolean enabled() {
        return enabled;
    }

    /** Opens the ledger, reads the pending requests back and starts checking them. Idempotent. */
    public synchronized void start() {
        if (!enabled || checker != null) {
            return;
        }
        ledger.open();
        try {
            for (PendingRequest request : store.all()) {
                pending.put(key(request.callingAeTitle(), request.transactionUid()), new Tracked(request, null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pending storage commitment requests", e);
        }
        if (!pending.isEmpty()) {
            LOG.infof(
                    "DGW-STC-005 %d storage commitment request(s) from before the restart still to answer",
                    pending.size());
        }
        AtomicInteger n = new AtomicInteger();
        checker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "storage-commitment-check"));
        senders = Executors.newFixedThreadPool(2, r -> daemon(r, "storage-commitment-report-" + n.incrementAndGet()));
        long every = Math.max(100, config.checkInterval().toMillis());
        checker.scheduleWithFixedDelay(this::checkSafely, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent stop) {
        synchronized (this) {
            if (checker != null) {
                checker.shutdownNow();
                senders.shutdownNow();
            }
        }
    }

    @Override
    public int accept(CommitmentRequest request, String callingAeTitle, ReportChannel association) {
        PendingRequest taken = new PendingRequest(callingAeTitle, Instant.now(), request);
        try {
            store.keep(taken);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(
                    "DGW-STC-006 storage commitment request %s from %s not kept, answered 0x0110: %s",
                    request.transactionUid(), callingAeTitle, e.toString());
            return DicomStatus.PROCESSING_FAILURE;
        }
        pending.put(key(callingAeTitle, request.transactionUid()), new Tracked(taken, association));
        LOG.infof(
                "DGW-STC-001 storage commitment request %s from %s: %d instance(s)",
                request.transactionUid(), callingAeTitle, request.references().size());
        ScheduledExecutorService c = checker;
        if (c != null) {
            c.execute(this::checkSafely);
        }
        return DicomStatus.SUCCESS;
    }

    /** Requests not answered yet (for the console and tests). */
    public int pendingCount() {
        return pending.size();
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.errorf(e, "DGW-STC-007 storage commitment check failed");
        }
    }

    private void check() {
        long now = System.currentTimeMillis();
        for (Tracked t : pending.values()) {
            synchronized (t) {
                if (t.inFlight || now < t.nextTryAt) {
                    continue;
                }
            }
            Optional<CommitmentResult> result = resultOf(t.request, now);
            if (result.isEmpty()) {
                continue;
            }
            synchronized (t) {
                t.inFlight = true;
            }
            senders.execute(() -> deliver(t, result.get()));
        }
    }

    /** The report, once no instance is still on its way (or the request has waited its longest). */
    private Optional<CommitmentResult> resultOf(PendingRequest request, long now) {
        boolean overdue =
                now - request.receivedAt().toEpochMilli() > config.maxWait().toMillis();
        List<SopReference> committed = new ArrayList<>();
        List<FailedSop> failed = new ArrayList<>();
        for (SopReference ref : request.request().references()) {
            Verdict v = ledger.judge(ref.sopClassUid(), ref.sopInstanceUid(), judge);
            switch (v.state()) {
                case COMMITTED -> committed.add(ref);
                case FAILED -> failed.add(new FailedSop(ref, v.failureReason(), v.why()));
                case PENDING -> {
                    if (!overdue) {
                        return Optional.empty();
                    }
                    failed.add(new FailedSop(
                            ref,
                            StorageCommitment.PROCESSING_FAILURE,
                            v.why() + " after " + config.maxWait() + " (gateway.storage-commitment.max-wait)"));
                }
            }
        }
        return Optional.of(new CommitmentResult(request.transactionUid(), committed, failed));
    }

    private void deliver(Tracked t, CommitmentResult result) {
        PendingRequest request = t.request;
        String how = null;
        String failure = null;
        try {
            CommitmentRequests.ReportChannel association;
            synchronized (t) {
                association = t.association;
            }
            if (association != null) {
                if (association.report(result)) {
                    how = "on the requesting association";
                } else {
                    synchronized (t) {
                        t.association = null; // closed or unanswered: from now on a new association
                    }
                }
            }
            if (how == null) {
                Optional<Destination> address = requesters.of(request.callingAeTitle());
                if (address.isEmpty()) {
                    failure =
                            "no address for " + request.callingAeTitle() + " in gateway.storage-commitment.requesters";
                } else {
                    EventReportScu.ReportOutcome outcome = reportScu.report(address.get(), ourAeTitle, result);
                    if (outcome.delivered()) {
                        how = "on a new association to " + address.get().address();
                    } else {
                        failure = address.get().address() + ": " + outcome.detail();
                    }
                }
            }
            if (how != null) {
                store.remove(request);
                pending.remove(key(request.callingAeTitle(), request.transactionUid()));
                logAnswered(request, result, how);
            }
        } catch (IOException | RuntimeException e) {
            failure = e.toString();
        } finally {
            synchronized (t) {
                t.inFlight = false;
                if (failure != null) {
                    t.nextTryAt = System.currentTimeMillis()
                            + config.reportRetryInterval().toMillis();
                    if (!t.warnedNoAddress) {
                        LOG.warnf(
                                "DGW-STC-003 storage commitment report %s for %s not delivered, trying again every"
                                        + " %s: %s",
                                request.transactionUid(),
                                request.callingAeTitle(),
                                config.reportRetryInterval(),
                                failure);
                        t.warnedNoAddress = true;
                    } else {
                        LOG.debugf("storage commitment report %s not delivered: %s", request.transactionUid(), failure);
                    }
                }
            }
        }
    }

    private static void logAnswered(PendingRequest request, CommitmentResult result, String how) {
        LOG.infof(
                "DGW-STC-002 storage commitment %s for %s answered %s: %d committed, %d failed",
                request.transactionUid(),
                request.callingAeTitle(),
                how,
                result.committed().size(),
                result.failed().size());
        for (FailedSop f : result.failed()) {
            // UIDs and reasons only: no patient data.
            LOG.infof(
                    "DGW-STC-004 storage commitment %s: %s not committed (0x%04X): %s",
                    request.transactionUid(), f.reference().sopInstanceUid(), f.failureReason(), f.why());
        }
    }

    private static String key(String callingAeTitle, String transactionUid) {
        return callingAeTitle + "\n" + transactionUid;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
