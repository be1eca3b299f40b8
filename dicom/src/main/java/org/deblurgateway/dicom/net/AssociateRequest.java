package org.deblurgateway.dicom.net;

import java.util.List;

/** The parts of an A-ASSOCIATE-RQ the listener decides on. {@code maxPduLength} 0 means unlimited. */
public record AssociateRequest(
        String calledAeTitle,
        String callingAeTitle,
        String applicationContext,
        List<PresentationContextProposal> presentationContexts,
        long maxPduLength,
        String implementationClassUid,
        String implementationVersionName) {}
