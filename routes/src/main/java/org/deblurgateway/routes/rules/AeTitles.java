package org.deblurgateway.routes.rules;

/** Checks on DICOM AE titles (PS3.5: up to 16 characters of the default repertoire, no backslash or controls). */
public final class AeTitles {

    private AeTitles() {
    }

    /** True for a usable AE title: 1..16 characters, not only spaces, no backslash or control characters. */
    public static boolean isValid(String aeTitle) {
        return aeTitle != null && aeTitle.length() <= 16 && !aeTitle.isBlank() && isValidPattern(aeTitle);
    }

    static boolean isValidPattern(String text) {
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
