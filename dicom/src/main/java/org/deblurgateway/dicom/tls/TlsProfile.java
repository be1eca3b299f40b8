package org.deblurgateway.dicom.tls;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The protocols and cipher suites of the BCP 195 profile (RFC 9325; DICOM PS3.15 B.9 "Non-downgrading BCP 195 TLS
 * Profile"): TLS 1.2 and 1.3 only, ephemeral key exchange and AEAD ciphers only. Nothing older or weaker is ever
 * enabled, whatever the JDK would allow.
 */
public final class TlsProfile {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** In order of preference; the TLS 1.3 suites first. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");

    private TlsProfile() {}

    /** The profile's suites that {@code supported} (an engine's list) holds, in the profile's order. */
    static String[] cipherSuites(String[] supported) {
        Set<String> available = Set.of(supported);
        return CIPHER_SUITES.stream().filter(available::contains).toArray(String[]::new);
    }

    /** The profile's protocols that {@code supported} holds. */
    static String[] protocols(String[] supported) {
        List<String> available = Arrays.asList(supported);
        return PROTOCOLS.stream().filter(available::contains).toArray(String[]::new);
    }
}
