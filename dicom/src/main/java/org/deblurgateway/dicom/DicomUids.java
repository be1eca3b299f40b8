package org.deblurgateway.dicom;

import java.util.regex.Pattern;

/** Syntax rules for DICOM UIDs (PS3.5 9.1), checked before a peer-supplied UID may name a file. */
public final class DicomUids {

    /** Largest UID the standard allows. */
    public static final int MAX_LENGTH = 64;

    // Components are digits; a component with more than one digit may not start with 0.
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    private DicomUids() {}

    /** True when {@code uid} is a syntactically valid UID: digits and dots only, at most 64 characters. */
    public static boolean isValid(String uid) {
        return uid != null
                && !uid.isEmpty()
                && uid.length() <= MAX_LENGTH
                && UID.matcher(uid).matches();
    }

    /**
     * Returns {@code uid} with the trailing NUL or space padding of an even-length UI value removed (the
     * value itself is not changed otherwise, so an invalid UID stays invalid).
     */
    public static String trimPadding(String uid) {
        if (uid == null) {
            return null;
        }
        int end = uid.length();
        while (end > 0 && (uid.charAt(end - 1) == '\0' || uid.charAt(end - 1) == ' ')) {
            end--;
        }
        return uid.substring(0, end);
    }
}
