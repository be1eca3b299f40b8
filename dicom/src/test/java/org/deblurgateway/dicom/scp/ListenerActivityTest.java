package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.deblurgateway.dicom.net.AssociationRejection;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.ToolRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the listener reports to its {@link ListenerObserver}, driven by real dcmtk peers. */
class ListenerActivityTest {

    @TempDir
    Path work;

    private DicomListener listener;
    private volatile boolean brokerDown;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<AssociationRejection> rejected = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

    private final ListenerObserver recorder = new ListenerObserver() {
        @Override
        public void associationAccepted() {
            accepted.incrementAndGet();
        }

        @Override
        public void associationRejected(AssociationRejection reason) {
            rejected.add(reason);
        }

        @Override
        public void storeAnswered(int status, long took) {
            statuses.add(status);
            nanos.add(took);
        }
    };

    @BeforeAll
    static void needsDcmtk() {
        Dcmtk.assumeInstalled();
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }

    private void start() throws IOException {
        ListenerSettings settings = TestListeners.settings(Optional.of(Set.of("MODALITY")), 4, Duration.ofSeconds(10));
        IngestPublisher publisher = () -> new IngestChannel() {
            @Override
            public void publish(ReceivedObject object) throws IngestException {
                if (brokerDown) {
                    throw new IngestException("broker down (test)", null);
                }
            }

            @Override
            public void close() {}
        };
        listener = TestListeners.start(
                settings,
                new ReceivePath(new Spool(work.resolve("data")), publisher),
                ListenerOptions.none().withObserver(recorder));
    }

    @Test
    void associations_acceptedAndRejected_reportedWithTheReason() throws Exception {
        start();
        assertEquals(0, echo("MODALITY", "DEBLUR").exit());
        assertNotEquals(0, echo("MODALITY", "OTHER").exit());
        assertNotEquals(0, echo("INTRUDER", "DEBLUR").exit());

        assertEquals(1, accepted.get());
        assertEquals(
                List.of(AssociationRejection.CALLED_AE_NOT_RECOGNIZED, AssociationRejection.CALLING_AE_NOT_RECOGNIZED),
                rejected);
        assertTrue(statuses.isEmpty(), "a C-ECHO is no C-STORE: " + statuses);
    }

    @Test
    void stores_successAndFailure_reportedWithTheirStatusAndTime() throws Exception {
        start();
        Path ok = RawObjects.write(work.resolve("ok.dcm"), SopClasses.SECONDARY_CAPTURE, "2.25.4401", 256);
        assertEquals(0, store(ok).exit());
        brokerDown = true;
        Path refused = RawObjects.write(work.resolve("refused.dcm"), SopClasses.SECONDARY_CAPTURE, "2.25.4402", 256);
        store(refused);

        assertEquals(List.of(DicomStatus.SUCCESS, DicomStatus.OUT_OF_RESOURCES), statuses);
        assertEquals(2, accepted.get());
        for (long took : nanos) {
            assertTrue(took > 0 && took < Duration.ofSeconds(30).toNanos(), "C-STORE took " + took + " ns");
        }
        assertEquals("success", ListenerObserver.statusClass(statuses.get(0)));
        assertEquals("failure", ListenerObserver.statusClass(statuses.get(1)));
        assertEquals("warning", ListenerObserver.statusClass(0xB000));
    }

    private ToolRun echo(String callingAe, String calledAe) throws Exception {
        return Dcmtk.run(
                "echoscu", "-aet", callingAe, "-aec", calledAe, "127.0.0.1", Integer.toString(listener.port()));
    }

    private ToolRun store(Path file) throws Exception {
        return Dcmtk.run(
                "storescu",
                "-aet",
                "MODALITY",
                "-aec",
                "DEBLUR",
                "127.0.0.1",
                Integer.toString(listener.port()),
                file.toString());
    }
}
