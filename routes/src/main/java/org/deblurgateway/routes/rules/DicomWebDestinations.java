package org.deblurgateway.routes.rules;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.deblurgateway.dicom.scu.Destination;
import org.deblurgateway.dicom.scu.DicomWebEndpoint;

/**
 * The rules file's {@code type: dicomweb} destinations: {@code url} (the DICOMweb service root, e.g.
 * {@code http://pacs:8042/dicom-web}; STOW-RS posts to its {@code /studies}) and an optional {@code auth}, either
 * {@code {bearer-token-env: VAR}} or {@code {user: NAME, password-env: VAR}}. Secrets come from environment
 * variables only: the rules file is shown on the console and kept as {@code .previous}.
 */
final class DicomWebDestinations {

    static final Set<String> KEYS = Set.of("type", "url", "auth");
    private static final Set<String> AUTH_KEYS = Set.of("bearer-token-env", "user", "password-env");

    private final UnaryOperator<String> environment;

    DicomWebDestinations(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** The destination, or null with the problems added. */
    Destination parse(String name, Map<?, ?> fields, String label, List<String> problems) {
        int before = problems.size();
        for (Object key : fields.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                problems.add(label + ": unknown key '" + key + "' for type dicomweb (expected: type, url, auth)");
            }
        }
        URI studies = studiesUrl(fields.get("url"), label, problems);
        Optional<String> authorization = authorization(fields.get("auth"), label, problems);
        if (problems.size() > before) {
            return null;
        }
        return Destination.dicomWeb(name, new DicomWebEndpoint(studies, authorization));
    }

    private static URI studiesUrl(Object url, String label, List<String> problems) {
        if (url == null) {
            problems.add(label + ": url: missing (the DICOMweb service root, e.g. http://pacs:8042/dicom-web)");
            return null;
        }
        try {
            URI root = new URI(String.valueOf(url));
            if (!("http".equals(root.getScheme()) || "https".equals(root.getScheme()))
                    || root.getHost() == null
                    || root.getRawQuery() != null
                    || root.getRawFragment() != null
                    || root.getRawUserInfo() != null) {
                problems.add(label + ": url: '" + url + "' is not an http(s) URL with a host and no query, fragment "
                        + "or user (put credentials under auth)");
                return null;
            }
            String path = root.getRawPath() == null ? "" : root.getRawPath().replaceAll("/+$", "");
            if (!path.endsWith("/studies")) {
                path += "/studies";
            }
            return new URI(root.getScheme(), null, root.getHost(), root.getPort(), null, null, null).resolve(path);
        } catch (URISyntaxException e) {
            problems.add(label + ": url: '" + url + "' is not a URL (" + e.getReason() + ")");
            return null;
        }
    }

    private Optional<String> authorization(Object node, String label, List<String> problems) {
        if (node == null) {
            return Optional.empty();
        }
        String field = label + ": auth";
        if (!(node instanceof Map<?, ?> auth)) {
            problems.add(field + ": expected {bearer-token-env: VAR} or {user: NAME, password-env: VAR}");
            return Optional.empty();
        }
        for (Object key : auth.keySet()) {
            if (!AUTH_KEYS.contains(String.valueOf(key))) {
                problems.add(field + ": unknown key '" + key + "' (expected: bearer-token-env, or user and "
                        + "password-env; secrets only from environment variables)");
            }
        }
        Object tokenVariable = auth.get("bearer-token-env");
        Object user = auth.get("user");
        Object passwordVariable = auth.get("password-env");
        if (tokenVariable != null && (user != null || passwordVariable != null)) {
            problems.add(field + ": either bearer-token-env or user + password-env, not both");
            return Optional.empty();
        }
        if (tokenVariable != null) {
            return secret(tokenVariable, field + ": bearer-token-env", problems).map(DicomWebEndpoint::bearer);
        }
        if (!(user instanceof String userName) || userName.isBlank() || userName.contains(":")) {
            problems.add(field + ": user: missing or not a user name (without ':')");
            return Optional.empty();
        }
        if (passwordVariable == null) {
            problems.add(field + ": password-env: missing (the environment variable holding the password)");
            return Optional.empty();
        }
        return secret(passwordVariable, field + ": password-env", problems)
                .map(password -> DicomWebEndpoint.basic(userName, password));
    }

    private Optional<String> secret(Object variable, String field, List<String> problems) {
        String value = environment.apply(String.valueOf(variable));
        if (value == null || value.isEmpty()) {
            problems.add(field + ": environment variable '" + variable + "' is not set");
            return Optional.empty();
        }
        return Optional.of(value);
    }
}
