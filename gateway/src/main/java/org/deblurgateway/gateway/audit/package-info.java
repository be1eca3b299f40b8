/**
 * The audit trail: DICOM PS3.15 A.5 audit messages (IHE ATNA) for what the gateway does and who asks it, appended to
 * a local file and, when configured, sent by syslog over TLS (RFC 5424 / RFC 5425). The listener, the routes and the
 * console report events through their own interfaces; this package turns them into messages, so nothing below the
 * gateway module depends on it.
 */
package org.deblurgateway.gateway.audit;
