package org.deblurgateway.dicom.scp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.deblurgateway.dicom.DicomUids;
import org.deblurgateway.dicom.commitment.CommitmentDataSets;
import org.deblurgateway.dicom.commitment.StorageCommitment;
import org.deblurgateway.dicom.net.PresentationContextDecision;
import org.deblurgateway.dicom.net.PresentationContextProposal;

/**
 * Decides which proposed presentation contexts the listener accepts: Verification, and every abstract syntax
 * that is a valid UID and not a known non-storage service, so storage SOP classes newer than any built-in list
 * and private ones are received. The transfer syntax is the first valid one proposed: objects are stored as
 * sent, never transcoded, so compressed and unknown syntaxes are as good as any. With Storage Commitment on, its Push
 * Model SOP class is accepted too, in implicit or explicit VR little endian (the syntaxes its data sets are read in).
 */
public final class PresentationContextPolicy {

    private final boolean storageCommitment;

    /** Storage (any class), Verification; no Storage Commitment. */
    public PresentationContextPolicy() {
        this(false);
    }

    /** @param storageCommitment whether the Storage Commitment Push Model SOP class is accepted */
    public PresentationContextPolicy(boolean storageCommitment) {
        this.storageCommitment = storageCommitment;
    }

    public static final String VERIFICATION = "1.2.840.10008.1.1";

    /** Services (not storage SOP classes) that share the UID space with storage and must not be accepted. */
    private static final Set<String> NON_STORAGE = Set.of(
            "1.2.840.10008.1.20.1", // Storage Commitment Push Model
            "1.2.840.10008.1.20.2", // Storage Commitment Pull Model (retired)
            "1.2.840.10008.1.9", // Basic Study Content Notification (retired)
            "1.2.840.10008.1.40", // Procedural Event Logging
            "1.2.840.10008.1.42", // Substance Administration Logging
            "1.2.840.10008.3.1.1.1", // the DICOM application context, not an abstract syntax
            "1.2.840.10008.3.1.2.3.3", // Modality Performed Procedure Step
            "1.2.840.10008.3.1.2.3.4", // MPPS Retrieve (retired)
            "1.2.840.10008.3.1.2.3.5", // MPPS Notification (retired)
            "1.2.840.10008.5.1.4.31", // Modality Worklist Information Model - FIND
            "1.2.840.10008.5.1.4.33", // Instance Availability Notification
            "1.2.840.10008.5.1.4.41", // Product Characteristics Query
            "1.2.840.10008.5.1.4.42", // Substance Approval Query
            "1.2.840.10008.5.1.4.1.1.201.5" // Inventory Creation
            );

    /** UID prefixes (ending in a dot) under which every UID is a non-storage service. */
    private static final List<String> NON_STORAGE_PREFIXES = List.of(
            "1.2.840.10008.1.2.", // transfer syntaxes
            "1.2.840.10008.3.1.2.", // detached management (retired)
            "1.2.840.10008.5.1.1.", // print management
            "1.2.840.10008.5.1.4.1.2.", // query/retrieve information models
            "1.2.840.10008.5.1.4.32.", // general purpose worklist (retired)
            "1.2.840.10008.5.1.4.34.6.", // unified procedure step
            "1.2.840.10008.5.1.4.37.", // relevant patient information query
            "1.2.840.10008.15.0." // well-known SOP instances and frames of reference
            );

    /** FIND/MOVE/GET models of the families whose storage classes share their root (hanging protocol ...). */
    private static final Set<String> FAMILY_QUERY_RETRIEVE = Set.of(
            "1.2.840.10008.5.1.4.20.2",
            "1.2.840.10008.5.1.4.20.3",
            "1.2.840.10008.5.1.4.20.4",
            "1.2.840.10008.5.1.4.38.2",
            "1.2.840.10008.5.1.4.38.3",
            "1.2.840.10008.5.1.4.38.4",
            "1.2.840.10008.5.1.4.39.2",
            "1.2.840.10008.5.1.4.39.3",
            "1.2.840.10008.5.1.4.39.4",
            "1.2.840.10008.5.1.4.43.2",
            "1.2.840.10008.5.1.4.43.3",
            "1.2.840.10008.5.1.4.43.4",
            "1.2.840.10008.5.1.4.44.2",
            "1.2.840.10008.5.1.4.44.3",
            "1.2.840.10008.5.1.4.44.4",
            "1.2.840.10008.5.1.4.45.2",
            "1.2.840.10008.5.1.4.45.3",
            "1.2.840.10008.5.1.4.45.4",
            "1.2.840.10008.5.1.4.1.1.200.4",
            "1.2.840.10008.5.1.4.1.1.200.5",
            "1.2.840.10008.5.1.4.1.1.200.6",
            "1.2.840.10008.5.1.4.1.1.201.2",
            "1.2.840.10008.5.1.4.1.1.201.3",
            "1.2.840.10008.5.1.4.1.1.201.4");

    /** Decides every proposed context, in the order proposed. */
    public List<PresentationContextDecision> decide(List<PresentationContextProposal> proposals) {
        List<PresentationContextDecision> decisions = new ArrayList<>(proposals.size());
        for (PresentationContextProposal p : proposals) {
            decisions.add(decide(p));
        }
        return decisions;
    }

    PresentationContextDecision decide(PresentationContextProposal p) {
        String firstOffered =
                p.transferSyntaxes().isEmpty() ? "" : p.transferSyntaxes().get(0);
        if (storageCommitment && StorageCommitment.SOP_CLASS_UID.equals(p.abstractSyntax())) {
            for (String ts : p.transferSyntaxes()) {
                if (CommitmentDataSets.TRANSFER_SYNTAXES.contains(ts)) {
                    return new PresentationContextDecision(
                            p.id(), PresentationContextDecision.ACCEPTANCE, p.abstractSyntax(), ts);
                }
            }
            return new PresentationContextDecision(
                    p.id(),
                    PresentationContextDecision.TRANSFER_SYNTAXES_NOT_SUPPORTED,
                    p.abstractSyntax(),
                    firstOffered);
        }
        if (!isAcceptableAbstractSyntax(p.abstractSyntax())) {
            return new PresentationContextDecision(
                    p.id(),
                    PresentationContextDecision.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                    p.abstractSyntax(),
                    firstOffered);
        }
        for (String ts : p.transferSyntaxes()) {
            if (DicomUids.isValid(ts)) {
                return new PresentationContextDecision(
                        p.id(), PresentationContextDecision.ACCEPTANCE, p.abstractSyntax(), ts);
            }
        }
        return new PresentationContextDecision(
                p.id(), PresentationContextDecision.TRANSFER_SYNTAXES_NOT_SUPPORTED, p.abstractSyntax(), firstOffered);
    }

    /** True for Verification and for any valid UID that is not a known non-storage service. */
    public static boolean isAcceptableAbstractSyntax(String uid) {
        if (!DicomUids.isValid(uid)) {
            return false;
        }
        if (VERIFICATION.equals(uid)) {
            return true;
        }
        return !isKnownNonStorage(uid);
    }

    static boolean isKnownNonStorage(String uid) {
        if (NON_STORAGE.contains(uid)) {
            return true;
        }
        for (String prefix : NON_STORAGE_PREFIXES) {
            if (uid.startsWith(prefix)) {
                return true;
            }
        }
        if (FAMILY_QUERY_RETRIEVE.contains(uid)) {
            return true;
        }
        return false;
    }
}
