package org.deblurgateway.dicom.net;

import java.util.List;

/** One presentation context as the requestor proposed it: id, abstract syntax, transfer syntaxes in its order. */
public record PresentationContextProposal(int id, String abstractSyntax, List<String> transferSyntaxes) {}
