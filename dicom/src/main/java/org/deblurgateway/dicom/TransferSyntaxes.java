package org.deblurgateway.dicom;

import java.util.Set;

/**
 * Transfer syntax UIDs the gateway treats specially (PS3.5 section 10, PS3.6 Annex A) and what they say about the
 * encoding of a data set. The one home for these UIDs: the listener, the sender and the pixel codec read them here.
 */
public final class TransferSyntaxes {

    public static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    public static final String DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99";
    public static final String EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2";
    public static final String RLE_LOSSLESS = "1.2.840.10008.1.2.5";

    /** Neither deflated nor encapsulated: the data set bytes can be re-encoded in another of these element by element. */
    private static final Set<String> UNCOMPRESSED =
            Set.of(IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_BIG_ENDIAN);

    private TransferSyntaxes() {}

    /** True for implicit/explicit VR little endian and explicit VR big endian (not deflated, not encapsulated). */
    public static boolean isUncompressed(String uid) {
        return UNCOMPRESSED.contains(uid);
    }

    /** True where the pixel data is native (plain sample values): the uncompressed syntaxes and deflate. */
    public static boolean isNative(String uid) {
        return isUncompressed(uid) || DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.equals(uid);
    }

    /** True for explicit VR big endian, the one standard syntax whose sample values are big endian. */
    public static boolean isBigEndian(String uid) {
        return EXPLICIT_VR_BIG_ENDIAN.equals(uid);
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
