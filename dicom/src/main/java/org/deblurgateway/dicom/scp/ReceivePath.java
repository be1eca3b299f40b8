package org.deblurgateway.dicom.scp;

/**
 * Where a received object goes: the durable receive spool, the free-space floor below which C-STOREs are refused
 * (0xA700) before a byte is written, and the publisher that announces each spooled object.
 */
public record ReceivePath(Spool spool, SpoolFloor floor, IngestPublisher publisher) {

    /** A receive path without a free-space floor. */
    public ReceivePath(Spool spool, IngestPublisher publisher) {
        this(spool, SpoolFloor.none(), publisher);
    }
}
