package org.deblurgateway.dicom.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Media type values of HTTP headers (RFC 9110 8.3.1): the type itself and its parameters. */
public final class MediaTypes {

    public static final String MULTIPART_RELATED = "multipart/related";
    public static final String DICOM = "application/dicom";
    public static final String DICOM_JSON = "application/dicom+json";
    public static final String DICOM_XML = "application/dicom+xml";

    private MediaTypes() {}

    /** The type/subtype, lower-cased, without parameters. */
    public static String essence(String value) {
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The parameters, names lower-cased, quoted values unquoted. */
    public static Map<String, String> parameters(String value) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = value.indexOf(';');
        while (i >= 0 && i < value.length()) {
            int eq = value.indexOf('=', i + 1);
            if (eq < 0) {
                break;
            }
            String name = value.substring(i + 1, eq).trim().toLowerCase(Locale.ROOT);
            int start = eq + 1;
            while (start < value.length() && value.charAt(start) == ' ') {
                start++;
            }
            String parameter;
            int next;
            if (start < value.length() && value.charAt(start) == '"') {
                StringBuilder quoted = new StringBuilder();
                int k = start + 1;
                while (k < value.length() && value.charAt(k) != '"') {
                    if (value.charAt(k) == '\\' && k + 1 < value.length()) {
                        k++;
                    }
                    quoted.append(value.charAt(k++));
                }
                parameter = quoted.toString();
                next = value.indexOf(';', k);
            } else {
                next = value.indexOf(';', start);
                parameter = (next < 0 ? value.substring(start) : value.substring(start, next)).trim();
            }
            parameters.put(name, parameter);
            i = next;
        }
        return parameters;
    }

    /** One parameter's value, if the media type has it. */
    public static Optional<String> parameter(String value, String name) {
        return Optional.ofNullable(parameters(value).get(name.toLowerCase(Locale.ROOT)));
    }
}
