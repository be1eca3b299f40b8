package org.deblurgateway.dicom.net;

import java.util.List;
import java.util.Optional;

/**
 * The parts of an A-ASSOCIATE-AC the requestor acts on.
 *
 * @param presentationContexts the peer's answer to each proposed context, abstract syntax filled in from the proposal
 * @param maxPduLength         the largest P-DATA-TF the peer receives; 0 means unlimited
 */
public record AssociateAccept(List<PresentationContextDecision> presentationContexts, long maxPduLength) {

    /** The first accepted context for {@code abstractSyntax} in {@code transferSyntax}, in proposal order. */
    public Optional<PresentationContextDecision> accepted(String abstractSyntax, String transferSyntax) {
        return presentationContexts.stream()
                .filter(c -> c.accepted()
                        && c.abstractSyntax().equals(abstractSyntax)
                        && c.transferSyntax().equals(transferSyntax))
                .findFirst();
    }

    /** The first accepted context for {@code abstractSyntax} in any transfer syntax, in proposal order. */
    public Optional<PresentationContextDecision> accepted(String abstractSyntax) {
        return presentationContexts.stream()
                .filter(c -> c.accepted() && c.abstractSyntax().equals(abstractSyntax))
                .findFirst();
    }
}
