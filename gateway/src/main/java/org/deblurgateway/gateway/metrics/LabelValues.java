package org.deblurgateway.gateway.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values one label may take, bounded: each time series costs the scraper memory for ever, and some labels come
 * from peers (calling AE titles when no allow list is set, Modality, peer statuses). The first {@code limit}
 * distinct values are kept; later ones are counted as {@value #OTHER}. Values are reduced to letters, digits and
 * {@code ._-}, so a label never carries free text.
 */
final class LabelValues {

    static final String OTHER = "other";
    static final String NONE = "none";
    private static final int MAX_LENGTH = 64;

    private final int limit;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    LabelValues(int limit) {
        this.limit = limit;
    }

    String of(String raw) {
        String value = clean(raw);
        if (seen.contains(value)) {
            return value;
        }
        synchronized (seen) {
            if (seen.size() < limit) {
                seen.add(value);
                return value;
            }
        }
        return seen.contains(value) ? value : OTHER;
    }

    static String clean(String raw) {
        if (raw == null || raw.isBlank()) {
            return NONE;
        }
        StringBuilder b = new StringBuilder(Math.min(raw.length(), MAX_LENGTH));
        for (char c : raw.trim().toCharArray()) {
            if (b.length() == MAX_LENGTH) {
                break;
            }
            b.append(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-' ? c : '_');
        }
        return b.toString();
    }

    /** For AE titles and Modality (DICOM code strings, compared without case): upper case. */
    static String code(String raw) {
        String value = clean(raw);
        return value.equals(NONE) ? value : value.toUpperCase(Locale.ROOT);
    }
}
