package org.deblurgateway.routes.rules;

import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.deblurgateway.dicom.AeTitles;

/** The keys a rule's {@code match} block may use, each with how its patterns are written and compared. */
public enum MatchKey {
    CALLING_AE_TITLE("calling-ae-title", Kind.AE_TITLE_GLOB, ObjectAttributes::callingAeTitle),
    CALLED_AE_TITLE("called-ae-title", Kind.AE_TITLE_GLOB, ObjectAttributes::calledAeTitle),
    MODALITY("modality", Kind.CODE_STRING, ObjectAttributes::modality),
    SOP_CLASS_UID("sop-class-uid", Kind.UID, ObjectAttributes::sopClassUid),
    BODY_PART_EXAMINED("body-part-examined", Kind.CODE_STRING, ObjectAttributes::bodyPartExamined),
    SERIES_DESCRIPTION("series-description", Kind.REGEX, ObjectAttributes::seriesDescription),
    STUDY_DESCRIPTION("study-description", Kind.REGEX, ObjectAttributes::studyDescription);

    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final Pattern CODE_STRING = Pattern.compile("[A-Za-z0-9_ ]{1,16}");

    /** How a key's patterns are written and compared. */
    enum Kind {
        /** Glob with * and ?, at most 16 characters, compared case-sensitively (AE titles are case-sensitive). */
        AE_TITLE_GLOB,
        /** Exact, case-insensitive, surrounding spaces ignored (DICOM CS values). */
        CODE_STRING,
        /** Exact UID. */
        UID,
        /** Java regular expression, found anywhere in the value (anchor with ^...$ for a full match). */
        REGEX
    }

    private final String yamlName;
    private final Kind kind;
    private final Function<ObjectAttributes, String> attribute;

    MatchKey(String yamlName, Kind kind, Function<ObjectAttributes, String> attribute) {
        this.yamlName = yamlName;
        this.kind = kind;
        this.attribute = attribute;
    }

    public String yamlName() {
        return yamlName;
    }

    String valueOf(ObjectAttributes object) {
        return attribute.apply(object);
    }

    /** The key for a YAML name, or null. */
    static MatchKey forYamlName(String name) {
        for (MatchKey key : values()) {
            if (key.yamlName.equals(name)) {
                return key;
            }
        }
        return null;
    }

    /**
     * Compiles one pattern of this key into a test on the attribute value.
     *
     * @throws IllegalArgumentException with a message saying what is wrong with the pattern
     */
    Predicate<String> compile(String pattern) {
        switch (kind) {
            case AE_TITLE_GLOB -> {
                if (pattern.length() > 16) {
                    throw new IllegalArgumentException(
                            "AE title pattern '" + pattern + "' is longer than 16 characters");
                }
                if (!AeTitles.isValidPattern(pattern)) {
                    throw new IllegalArgumentException("AE title pattern '" + pattern
                            + "' has characters not allowed in an AE title (control characters or backslash)");
                }
                Pattern glob = Pattern.compile(globToRegex(pattern.trim()));
                return value -> glob.matcher(value.trim()).matches();
            }
            case CODE_STRING -> {
                if (!CODE_STRING.matcher(pattern.trim()).matches()) {
                    throw new IllegalArgumentException(
                            "'" + pattern + "' is not a DICOM code string (up to 16 letters, digits, '_' or spaces)");
                }
                String expected = pattern.trim().toUpperCase(Locale.ROOT);
                return value -> value.trim().toUpperCase(Locale.ROOT).equals(expected);
            }
            case UID -> {
                if (pattern.trim().length() > 64 || !UID.matcher(pattern.trim()).matches()) {
                    throw new IllegalArgumentException("'" + pattern + "' is not a UID (digits and dots, up to 64)");
                }
                String expected = pattern.trim();
                return value -> value.trim().equals(expected);
            }
            case REGEX -> {
                Pattern regex;
                try {
                    regex = Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("bad regular expression '" + pattern + "': " + e.getDescription()
                            + " near index " + e.getIndex());
                }
                return value -> regex.matcher(value).find();
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
