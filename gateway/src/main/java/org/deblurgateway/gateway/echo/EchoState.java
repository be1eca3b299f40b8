package org.deblurgateway.gateway.echo;

import java.time.Instant;

/**
 * The last scheduled C-ECHO of one destination.
 *
 * @param detail the failure in words; empty when it answered
 */
public record EchoState(String destination, Instant at, boolean up, long millis, String detail) {}
