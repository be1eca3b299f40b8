package org.deblurgateway.dicom.scp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An in-memory ingest queue for listener tests: every announcement is kept, in order; it never fails. */
public final class RecordingIngest implements IngestPublisher {

    private final List<ReceivedObject> announced = Collections.synchronizedList(new ArrayList<>());

    @Override
    public IngestChannel open() {
        return new IngestChannel() {
            @Override
            public void publish(ReceivedObject object) {
                announced.add(object);
            }

            @Override
            public void close() {}
        };
    }

    /** What was announced so far (a live, synchronized list). */
    public List<ReceivedObject> announced() {
        return announced;
    }
}
