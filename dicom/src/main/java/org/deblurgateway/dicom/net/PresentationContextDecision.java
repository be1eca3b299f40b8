package org.deblurgateway.dicom.net;

/**
 * The answer to one proposed presentation context: {@code result} is 0 (acceptance), 3 (abstract syntax not
 * supported) or 4 (transfer syntaxes not supported), per PS3.8 9.3.3.2.
 */
public record PresentationContextDecision(int id, int result, String abstractSyntax, String transferSyntax) {

    public static final int ACCEPTANCE = 0;
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    public boolean accepted() {
        return result == ACCEPTANCE;
    }
}
