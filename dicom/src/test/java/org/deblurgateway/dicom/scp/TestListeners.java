package org.deblurgateway.dicom.scp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The listener set-up the dicom tests share: settings as most of them want them, and a listener built from them,
 * started on a free port (port 0) with its receive spool in a test's temporary folder.
 */
public final class TestListeners {

    /** The called AE title the test listeners answer to. */
    public static final String AE_TITLE = "DEBLUR";

    private TestListeners() {}

    /**
     * AE title {@link #AE_TITLE}, any caller, loopback, a free port, 64 KiB PDUs, 4 associations, 5 s for the
     * association set-up, 10 s per read, 5 s to stop.
     */
    public static ListenerSettings settings() {
        return settings(Optional.empty(), 4, Duration.ofSeconds(10));
    }

    /** As {@link #settings()} with these callers, pool size and read timeout. */
    public static ListenerSettings settings(
            Optional<Set<String>> allowedCallingAeTitles, int maxAssociations, Duration readTimeout) {
        return new ListenerSettings(
                Set.of(AE_TITLE),
                allowedCallingAeTitles,
                "127.0.0.1",
                0,
                65536,
                maxAssociations,
                Duration.ofSeconds(5),
                readTimeout,
                Duration.ofSeconds(5));
    }

    /** A started listener that spools under {@code data} and announces to {@code publisher}; plain port only. */
    public static DicomListener start(ListenerSettings settings, Path data, IngestPublisher publisher)
            throws IOException {
        return start(settings, new ReceivePath(new Spool(data), publisher), ListenerOptions.none());
    }

    /** A started listener with everything given. */
    public static DicomListener start(ListenerSettings settings, ReceivePath receive, ListenerOptions options)
            throws IOException {
        DicomListener listener = new DicomListener(settings, receive, options);
        listener.start();
        return listener;
    }
}
