package org.deblurgateway.dicom.scp;

/**
 * One association's link to the ingest queue; used by one thread only. {@link #publish} returns only once the
 * announcement is durable (committed), so the C-STORE may then answer Success.
 */
public interface IngestChannel extends AutoCloseable {

    void publish(ReceivedObject object) throws IngestException;

    /** Releases the channel; never throws. */
    @Override
    void close();
}
