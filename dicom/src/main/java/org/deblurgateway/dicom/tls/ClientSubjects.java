package org.deblurgateway.dicom.tls;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Which client certificate subjects may call as which AE title on the TLS port. Empty: any trusted certificate may
 * use any calling AE title. Otherwise a calling AE title must be listed and present one of its subjects; subjects are
 * compared as distinguished names (order of RDNs matters, case and spacing of the value do not).
 */
public final class ClientSubjects {

    /** Separates several subjects of one AE title (a distinguished name has commas of its own). */
    public static final String SEPARATOR = ";";

    private final Map<String, Set<X500Principal>> byCallingAe;

    private ClientSubjects(Map<String, Set<X500Principal>> byCallingAe) {
        this.byCallingAe = Map.copyOf(byCallingAe);
    }

    /** No allow list: the trust store alone decides. */
    public static ClientSubjects any() {
        return new ClientSubjects(Map.of());
    }

    /**
     * From {@code AE title -> "CN=a,O=b;CN=c,O=d"}.
     *
     * @throws IllegalArgumentException naming the AE title whose value is not a distinguished name
     */
    public static ClientSubjects parse(Map<String, String> subjectsByCallingAe) {
        Map<String, Set<X500Principal>> parsed = new LinkedHashMap<>();
        subjectsByCallingAe.forEach((ae, value) -> {
            Set<X500Principal> subjects = new HashSet<>();
            for (String name : value.split(SEPARATOR)) {
                if (name.isBlank()) {
                    continue;
                }
                try {
                    subjects.add(new X500Principal(name.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "allowed subject of calling AE '" + ae + "': '" + name.trim()
                                    + "' is not a distinguished name (e.g. CN=ct01.example.org,O=Hospital): "
                                    + e.getMessage(),
                            e);
                }
            }
            if (subjects.isEmpty()) {
                throw new IllegalArgumentException("allowed subjects of calling AE '" + ae + "': none given");
            }
            parsed.put(ae.trim(), Set.copyOf(subjects));
        });
        return new ClientSubjects(parsed);
    }

    /** True when an allow list is configured. */
    public boolean restricted() {
        return !byCallingAe.isEmpty();
    }

    /** True when {@code callingAeTitle} may associate with a certificate of {@code subject} (empty: none shown). */
    public boolean allows(String callingAeTitle, Optional<X500Principal> subject) {
        if (byCallingAe.isEmpty()) {
            return true;
        }
        Set<X500Principal> allowed = byCallingAe.get(callingAeTitle);
        return allowed != null && subject.isPresent() && allowed.contains(subject.get());
    }

    @Override
    public String toString() {
        return byCallingAe.isEmpty() ? "any trusted certificate" : byCallingAe.keySet() + " by certificate subject";
    }
}
