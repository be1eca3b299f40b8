package org.deblurgateway.routes.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One version of the routing rules as it was put in force: the validated rule set, the YAML text it came from (its
 * sha256 names the version in the audit log and on the console), when and by whom.
 *
 * @param appliedBy the console or admin user who applied it, or "start-up" / "signal" when nobody did
 * @param how       how it came into force: start-up, console apply, endpoint reload, SIGHUP reload
 */
public record RulesVersion(
        RuleSet ruleSet, String text, String sha256, Instant loadedAt, String appliedBy, String how) {

    public static RulesVersion of(RuleSet ruleSet, String text, Instant loadedAt, String appliedBy, String how) {
        return new RulesVersion(ruleSet, text, sha256(text), loadedAt, appliedBy, how);
    }

    /** The first 12 hex digits of the sha256, enough to tell versions apart on a page. */
    public String shortSha256() {
        return sha256.substring(0, 12);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
