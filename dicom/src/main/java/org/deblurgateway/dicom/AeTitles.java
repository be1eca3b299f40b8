package org.deblurgateway.dicom;

/**
 * The rule for DICOM AE titles (PS3.5 6.2, VR AE: up to 16 characters of the default repertoire, no backslash or
 * control characters; leading and trailing spaces are not significant). The listener's own titles, the rules
 * file's destinations and match patterns, and our calling AE title are all checked here.
 */
public final class AeTitles {

    /** The rule in words, for error messages. */
    public static final String RULE = "1-16 characters, no backslash or control characters, not only spaces";

    private AeTitles() {}

    /** True for a usable AE title: 1..16 characters, not only spaces, no backslash or control characters. */
    public static boolean isValid(String aeTitle) {
        return aeTitle != null && aeTitle.length() <= 16 && isValidPattern(aeTitle);
    }

    /** True when {@code text} has only characters an AE title may have and is not blank; any length. */
    public static boolean isValidPattern(String text) {
        if (text.isBlank()) {
            return false;
        }
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c > 0x7E || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
