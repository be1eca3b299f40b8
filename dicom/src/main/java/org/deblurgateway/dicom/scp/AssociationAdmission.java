package org.deblurgateway.dicom.scp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a connection must get past besides the pool's slot: its address's and its calling AE title's share
 * ({@link AssociationCaps}), and a deadline for the whole association setup (TLS handshake and A-ASSOCIATE-RQ), since
 * a per-read timeout lets a peer that trickles one byte at a time hold a slot for ever. Thread-safe.
 */
final class AssociationAdmission {

    private final AssociationCaps caps;
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final Map<String, Integer> perCallingAe = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dicom-setup-deadline");
        thread.setDaemon(true);
        return thread;
    });

    AssociationAdmission(AssociationCaps caps) {
        this.caps = caps;
    }

    /** Takes one of {@code address}'s places; false (nothing taken) when it has its cap already. */
    boolean admitAddress(InetAddress address) {
        return admit(perAddress, address, caps.perCallingAddress());
    }

    void releaseAddress(InetAddress address) {
        release(perAddress, address);
    }

    /** Takes one of {@code callingAe}'s places; false (nothing taken) when it has its cap already. */
    boolean admitCallingAe(String callingAe) {
        return admit(perCallingAe, callingAe, caps.perCallingAe());
    }

    void releaseCallingAe(String callingAe) {
        release(perCallingAe, callingAe);
    }

    /** Runs {@code onExpiry} after {@code limit} unless the returned future is cancelled first. */
    ScheduledFuture<?> deadline(Runnable onExpiry, Duration limit) {
        return watchdog.schedule(onExpiry, Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
    }

    void shutdown() {
        watchdog.shutdownNow();
    }

    private static <K> boolean admit(Map<K, Integer> counts, K key, OptionalInt cap) {
        if (cap.isEmpty()) {
            return true;
        }
        boolean[] admitted = {false};
        counts.compute(key, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= cap.getAsInt()) {
                return n;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    private <K> void release(Map<K, Integer> counts, K key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }
}
