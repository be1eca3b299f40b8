package org.deblurgateway.dicom;

/** Transfer syntax UIDs the gateway treats specially when it reads what it received. */
public final class TransferSyntaxes {

    public static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    public static final String DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99";
    public static final String EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2";

    private TransferSyntaxes() {
    }

    /** How the data set of an object in transfer syntax {@code uid} is encoded on the byte level. */
    public static Encoding encodingOf(String uid) {
        return switch (uid) {
            case IMPLICIT_VR_LITTLE_ENDIAN -> Encoding.IMPLICIT_LITTLE;
            case EXPLICIT_VR_BIG_ENDIAN -> Encoding.EXPLICIT_BIG;
            case DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN -> Encoding.DEFLATED_EXPLICIT_LITTLE;
            // Every other standard syntax (all compressed ones, HTJ2K, video...) is explicit VR little endian
            // with encapsulated pixel data; unknown private ones are assumed to follow the same rule.
            default -> Encoding.EXPLICIT_LITTLE;
        };
    }

    /** Byte-level encoding of a data set. */
    public enum Encoding {
        IMPLICIT_LITTLE(false, false),
        EXPLICIT_LITTLE(true, false),
        EXPLICIT_BIG(true, true),
        DEFLATED_EXPLICIT_LITTLE(true, false);

        private final boolean explicitVr;
        private final boolean bigEndian;

        Encoding(boolean explicitVr, boolean bigEndian) {
            this.explicitVr = explicitVr;
            this.bigEndian = bigEndian;
        }

        public boolean explicitVr() {
            return explicitVr;
        }

        public boolean bigEndian() {
            return bigEndian;
        }
    }
}
