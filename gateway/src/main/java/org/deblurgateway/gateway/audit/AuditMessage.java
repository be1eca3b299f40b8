package org.deblurgateway.gateway.audit;

import java.time.Instant;

/**
 * One audit message, ready to be kept and sent.
 *
 * @param kind what it reports, in words for the application log ("instances received", "login failed"); never PHI
 * @param xml  the {@code AuditMessage} document (PS3.15 A.5.1) on one line, without an XML declaration
 */
public record AuditMessage(String kind, Instant at, String xml) {}
