package org.deblurgateway.routes.spool;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What tells one placement of an object into the outbound spool from another placement of the same SOP Instance
 * UID: part of the copy's file name ({@code outbound/<destination>/<UID>.<token>.dcm}), so the forward of one copy
 * deletes that copy and never a corrected re-send placed under the same UID meanwhile.
 *
 * <p>Derived from the identity of the step that places the copy (the consumed message, the deblur job), never
 * random: a step redone after a crash must find the copies it placed before, not place new ones.
 *
 * @param value 20 lower-case hex digits (80 bits of SHA-256)
 */
public record PlacementToken(String value) {

    private static final int HEX_DIGITS = 20;

    public PlacementToken {
        if (value == null || !value.matches("[0-9a-f]{" + HEX_DIGITS + "}")) {
            throw new IllegalArgumentException("not a placement token: '" + value + "'");
        }
    }

    /** The token of the placement that {@code identity} (e.g. a JMS message id) names. */
    public static PlacementToken of(String identity) {
        if (identity == null || identity.isEmpty()) {
            throw new IllegalArgumentException("a placement needs an identity");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return new PlacementToken(HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The copy's file name for a source named {@code <stem>.dcm} (or any other name). */
    String fileNameFor(String sourceFileName) {
        String stem = sourceFileName.endsWith(".dcm")
                ? sourceFileName.substring(0, sourceFileName.length() - ".dcm".length())
                : sourceFileName;
        return stem + "." + value + ".dcm";
    }
}
