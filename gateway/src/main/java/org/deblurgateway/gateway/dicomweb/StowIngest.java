package org.deblurgateway.gateway.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.deblurgateway.dicom.scp.PartTenIngest;
import org.deblurgateway.dicom.web.MediaTypes;
import org.deblurgateway.dicom.web.MultipartException;
import org.deblurgateway.dicom.web.MultipartRelatedReader;
import org.deblurgateway.dicom.web.StowResponse;
import org.jboss.logging.Logger;

/**
 * Stores the parts of one STOW-RS request body, part after part as they arrive, each through the listener's durable
 * receive path ({@link PartTenIngest}), and collects the per-instance outcomes of the response.
 */
final class StowIngest {

    private static final Logger LOG = Logger.getLogger(StowIngest.class);
    /** Failure Reason of a part that is not application/dicom (PS3.18 10.5.3: the data set cannot be understood). */
    private static final int CANNOT_UNDERSTAND = 0xC000;

    private final PartTenIngest ingest;
    private final String callingAe;
    private final String calledAe;

    StowIngest(PartTenIngest ingest, String callingAe, String calledAe) {
        this.ingest = ingest;
        this.callingAe = callingAe;
        this.calledAe = calledAe;
    }

    /**
     * Reads the body to its end (or to the point where it is no multipart body any more) and stores every
     * application/dicom part.
     *
     * @throws IOException when the request itself broke off (no answer can reach the client)
     */
    StowResponse store(InputStream body, String boundary, String label) throws IOException {
        StowResponse response = new StowResponse();
        MultipartRelatedReader parts = new MultipartRelatedReader(body, boundary);
        try (PartTenIngest.Batch batch = ingest.open(callingAe, calledAe, label)) {
            while (true) {
                Optional<MultipartRelatedReader.Part> part;
                part = parts.next();
                if (part.isEmpty()) {
                    break;
                }
                Optional<String> type = part.get().contentType();
                if (type.isPresent() && !type.get().equals(MediaTypes.DICOM)) {
                    LOG.warnf("DGW-WEB-010 %s: a part of type %s refused (only application/dicom)", label, type.get());
                    part.get().content().transferTo(OutputStream.nullOutputStream());
                    response.add(new StowResponse.Instance(null, null, CANNOT_UNDERSTAND, "not application/dicom"));
                    continue;
                }
                PartTenIngest.Outcome outcome = batch.store(part.get().content());
                if (!outcome.stored()) {
                    LOG.warnf(
                            "DGW-WEB-011 %s: an instance failed with status 0x%04X: %s",
                            label, outcome.status(), outcome.errorComment());
                    LOG.debugf("%s: failed instance was SOP Instance UID '%s'", label, outcome.sopInstanceUid());
                }
                response.add(new StowResponse.Instance(
                        outcome.sopClassUid(), outcome.sopInstanceUid(), outcome.status(), outcome.errorComment()));
            }
        } catch (MultipartException e) {
            LOG.warnf("DGW-WEB-012 %s: the body is not a well-formed multipart body: %s", label, e.getMessage());
            response.requestProblem(e.getMessage());
        }
        return response;
    }
}
