package org.deblurgateway.dicom.scp;

/** Opens {@link IngestChannel}s; the listener opens one lazily per association, on its first C-STORE. */
@FunctionalInterface
public interface IngestPublisher {

    IngestChannel open() throws IngestException;
}
