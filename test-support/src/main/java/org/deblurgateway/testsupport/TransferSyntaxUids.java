package org.deblurgateway.testsupport;

/** The native transfer syntaxes (PS3.5 section 10) the tests write objects in, independent of the code under test. */
public final class TransferSyntaxUids {

    public static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    public static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
    public static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";

    private TransferSyntaxUids() {}
}
