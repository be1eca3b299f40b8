package org.deblurgateway.dicom.scu;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.deblurgateway.dicom.net.PresentationContextProposal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Associations kept open between C-STOREs, per destination and calling AE title. A sender takes an idle association
 * out of the pool and has it to itself until it gives it back, so two senders never share one; senders that find
 * none idle open their own. An association idle for the idle timeout is released (A-RELEASE), and so is every idle
 * one when the pool closes. A zero idle timeout keeps nothing: every association is released after its object.
 * A destination with a limit of associations has one permit per association ({@link #slotsOf}): a sender holds one
 * while it takes or opens an association and sends on it, and the idle release holds one while it releases, so the
 * associations in use, idle and being released never outnumber the limit. Thread-safe.
 */
final class AssociationPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AssociationPool.class);

    /**
     * A sender whose association request has waited this long for its answer while the pool holds associations to
     * the same destination makes them be released: a peer that serves one association at a time (dcmtk's storescp
     * does) answers it only then. A peer that serves several answers within milliseconds, so its associations stay.
     */
    static final Duration YIELD_AFTER = Duration.ofMillis(250);

    /** Which associations may carry an object: same peer, same address, same TLS, same calling AE title. */
    record Key(Destination destination, String callingAeTitle) {
        Key {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(callingAeTitle, "callingAeTitle");
        }
    }

    private record Idle(OutgoingAssociation association, long sinceNanos) {}

    private final Duration idleTimeout;
    /** Newest first: the oldest ones reach the idle timeout when fewer senders are busy. Guarded by this. */
    private final Map<Key, Deque<Idle>> idle = new HashMap<>();

    private final Map<Key, PresentationContextCatalog> catalogs = new HashMap<>();
    /** When each association request in progress started, per key. Guarded by this. */
    private final Map<Key, Deque<Long>> opening = new HashMap<>();

    /** Per key whose destination limits its associations: one permit each. Guarded by this. */
    private final Map<Key, Semaphore> slots = new HashMap<>();

    private final ScheduledExecutorService reaper;
    private boolean closed;

    AssociationPool(Duration idleTimeout) {
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("association idle timeout " + idleTimeout + " is negative");
        }
        if (idleTimeout.isZero()) {
            reaper = null;
        } else {
            reaper = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "store-scu-idle-release");
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(10, Math.min(YIELD_AFTER.toMillis() / 2, idleTimeout.toMillis() / 4));
            reaper.scheduleWithFixedDelay(this::releaseExpired, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** False when the idle timeout is zero: one association per object. */
    boolean keepsAssociations() {
        return reaper != null;
    }

    /**
     * An idle association that proposed every context {@code object} may go on, now the caller's alone. Idle ones the
     * peer has given up (A-ABORT or A-RELEASE-RQ waiting, socket closed) are closed; idle ones that lack one of the
     * object's contexts are released, since the association opened for it proposes every context they had.
     */
    Optional<OutgoingAssociation> take(Key key, StoredObject object) {
        OutgoingAssociation found = null;
        List<OutgoingAssociation> given = new ArrayList<>();
        List<OutgoingAssociation> lacking = new ArrayList<>();
        synchronized (this) {
            Deque<Idle> waiting = idle.get(key);
            if (waiting == null) {
                return Optional.empty();
            }
            for (Iterator<Idle> it = waiting.iterator(); it.hasNext(); ) {
                OutgoingAssociation candidate = it.next().association();
                if (!candidate.reusable()) {
                    it.remove();
                    given.add(candidate);
                } else if (!PresentationContextCatalog.proposedAll(candidate, object)) {
                    it.remove();
                    lacking.add(candidate);
                } else if (found == null) {
                    it.remove();
                    found = candidate;
                }
            }
            if (waiting.isEmpty()) {
                idle.remove(key);
            }
        }
        if (!given.isEmpty()) {
            LOG.debug("{} idle association(s) to {} given up by the peer, closing", given.size(), key.destination());
            given.forEach(OutgoingAssociation::abort);
        }
        if (!lacking.isEmpty()) {
            LOG.debug(
                    "{} idle association(s) to {} lack a context of SOP class {}, releasing",
                    lacking.size(),
                    key.destination(),
                    object.sopClassUid());
            lacking.forEach(OutgoingAssociation::release);
        }
        return Optional.ofNullable(found);
    }

    /** The contexts a new association for {@code object} proposes: its own, then those seen for the destination. */
    synchronized List<PresentationContextProposal> proposalsFor(Key key, StoredObject object) {
        if (!keepsAssociations()) {
            return object.presentationContexts();
        }
        return catalogs.computeIfAbsent(key, k -> new PresentationContextCatalog())
                .proposalsFor(object);
    }

    /**
     * A sender starts requesting an association for {@code key}; {@link #opened} with the returned start follows,
     * whatever the outcome.
     */
    synchronized long opening(Key key) {
        long start = System.nanoTime();
        opening.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(start);
        return start;
    }

    synchronized void opened(Key key, long start) {
        Deque<Long> starts = opening.get(key);
        if (starts != null) {
            starts.remove(start);
            if (starts.isEmpty()) {
                opening.remove(key);
            }
        }
    }

    /** True when a sender's association request to {@code key} has waited {@link #YIELD_AFTER} or longer. */
    private boolean someoneWaits(Key key, long now) {
        Deque<Long> starts = opening.get(key);
        return starts != null && now - starts.peekFirst() >= YIELD_AFTER.toNanos();
    }

    /**
     * An association whose last exchange completed, back from its sender: kept idle, or released when the pool keeps
     * none, is closed, or another sender's request to the same destination has waited {@link #YIELD_AFTER}.
     */
    void giveBack(Key key, OutgoingAssociation association) {
        boolean keep;
        synchronized (this) {
            keep = keepsAssociations() && !closed && !someoneWaits(key, System.nanoTime()) && association.reusable();
            if (keep) {
                idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(new Idle(association, System.nanoTime()));
            }
        }
        if (!keep) {
            association.release();
        }
    }

    /**
     * The permits of {@code key}'s destination, fair so that waiting senders take turns; empty when it sets no limit
     * of its own. A sender holds a permit from before it takes or opens an association until it has given it back.
     */
    Optional<Semaphore> slotsOf(Key key) {
        if (!key.destination().limitsAssociations()) {
            return Optional.empty(); // the common case takes no lock
        }
        synchronized (this) {
            return Optional.of(slots.computeIfAbsent(
                    key, k -> new Semaphore(k.destination().maxAssociations(), true)));
        }
    }

    /** Idle associations held now, over every destination. */
    synchronized int idleCount() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    private void releaseExpired() {
        List<OutgoingAssociation> expired = new ArrayList<>();
        List<Semaphore> permits = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            for (Iterator<Map.Entry<Key, Deque<Idle>>> queues = idle.entrySet().iterator(); queues.hasNext(); ) {
                Map.Entry<Key, Deque<Idle>> entry = queues.next();
                boolean yield = someoneWaits(entry.getKey(), now);
                Semaphore limit = slots.get(entry.getKey());
                Deque<Idle> waiting = entry.getValue();
                for (Iterator<Idle> it = waiting.iterator(); it.hasNext(); ) {
                    Idle candidate = it.next();
                    if (yield || now - candidate.sinceNanos() >= idleTimeout.toNanos()) {
                        // Until its A-RELEASE is answered the peer still counts it: a sender must not open another
                        // in its place meanwhile. Without a free permit now it stays idle for the next round.
                        if (limit != null && !limit.tryAcquire()) {
                            continue;
                        }
                        it.remove();
                        expired.add(candidate.association());
                        if (limit != null) {
                            permits.add(limit);
                        }
                    }
                }
                if (waiting.isEmpty()) {
                    queues.remove();
                }
            }
        }
        if (!expired.isEmpty()) {
            LOG.debug(
                    "releasing {} idle association(s) (idle timeout {}, or a request waiting)",
                    expired.size(),
                    idleTimeout);
        }
        // The release waits for the peer's A-RELEASE-RP (response timeout) outside the lock: senders go on meanwhile.
        try {
            expired.forEach(OutgoingAssociation::release);
        } finally {
            permits.forEach(Semaphore::release);
        }
    }

    /** Releases every idle association; those still with a sender are released when it gives them back. */
    @Override
    public void close() {
        List<OutgoingAssociation> all = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            idle.values().forEach(waiting -> waiting.forEach(entry -> all.add(entry.association())));
            idle.clear();
        }
        if (reaper != null) {
            reaper.shutdownNow();
        }
        all.forEach(OutgoingAssociation::release);
    }
}
