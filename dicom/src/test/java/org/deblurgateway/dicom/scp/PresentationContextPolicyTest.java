package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deblurgateway.dicom.net.PresentationContextDecision;
import org.deblurgateway.dicom.net.PresentationContextProposal;
import org.junit.jupiter.api.Test;

class PresentationContextPolicyTest {

    private final PresentationContextPolicy policy = new PresentationContextPolicy();

    @Test
    void decide_privateSopClass_acceptedWithFirstOfferedSyntax() {
        PresentationContextDecision d = policy.decide(new PresentationContextProposal(
                1, "1.3.6.1.4.1.99999.1.2", List.of("1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.1")));
        assertTrue(d.accepted());
        assertEquals("1.2.840.10008.1.2.4.201", d.transferSyntax());
    }

    @Test
    void decide_storageClassNewerThanPixelMed_accepted() {
        // Photoacoustic Image Storage (2023), unknown to toolkits from 2022.
        assertTrue(policy.decide(new PresentationContextProposal(
                        3, "1.2.840.10008.5.1.4.1.1.78.9", List.of("1.2.840.10008.1.2.1")))
                .accepted());
    }

    @Test
    void decide_deflateOnlyOffer_accepted() {
        PresentationContextDecision d = policy.decide(
                new PresentationContextProposal(5, "1.2.840.10008.5.1.4.1.1.7", List.of("1.2.840.10008.1.2.1.99")));
        assertTrue(d.accepted());
        assertEquals("1.2.840.10008.1.2.1.99", d.transferSyntax());
    }

    @Test
    void decide_queryRetrieveModel_abstractSyntaxNotSupported() {
        PresentationContextDecision d = policy.decide(
                new PresentationContextProposal(7, "1.2.840.10008.5.1.4.1.2.2.1", List.of("1.2.840.10008.1.2")));
        assertEquals(PresentationContextDecision.ABSTRACT_SYNTAX_NOT_SUPPORTED, d.result());
    }

    @Test
    void decide_invalidTransferSyntaxesOnly_transferSyntaxesNotSupported() {
        PresentationContextDecision d = policy.decide(new PresentationContextProposal(
                9, "1.2.840.10008.5.1.4.1.1.7", List.of("1.2.840.10008.1.2.01", "abc")));
        assertEquals(PresentationContextDecision.TRANSFER_SYNTAXES_NOT_SUPPORTED, d.result());
    }

    @Test
    void isAcceptableAbstractSyntax_servicesAndStorage_classified() {
        assertTrue(PresentationContextPolicy.isAcceptableAbstractSyntax(PresentationContextPolicy.VERIFICATION));
        assertTrue(PresentationContextPolicy.isAcceptableAbstractSyntax("1.2.840.10008.5.1.4.38.1"));
        assertTrue(PresentationContextPolicy.isAcceptableAbstractSyntax("1.2.840.10008.5.1.4.1.1.200.3"));
        assertFalse(PresentationContextPolicy.isAcceptableAbstractSyntax("1.2.840.10008.5.1.4.38.2"));
        assertFalse(PresentationContextPolicy.isAcceptableAbstractSyntax("1.2.840.10008.1.20.1"));
        assertFalse(PresentationContextPolicy.isAcceptableAbstractSyntax("1.2.840.10008.5.1.4.31"));
        assertFalse(PresentationContextPolicy.isAcceptableAbstractSyntax("1.2.840.10008.3.1.2.3.3"));
        assertFalse(PresentationContextPolicy.isAcceptableAbstractSyntax("../../x"));
    }
}
