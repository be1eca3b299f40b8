package org.deblurgateway.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One audit message as an RFC 5424 syslog message in RFC 5425's octet-counting frame: {@code MSG-LEN SP SYSLOG-MSG}.
 * The header follows IHE ITI TF-2 3.20.4 (the ATNA profile): facility 10 (security/authorization), severity 5
 * (notice), MSGID {@code IHE+RFC-3881}, no structured data, and the XML as MSG, UTF-8 with a byte order mark.
 */
final class SyslogFrame {

    private static final int PRIORITY = 10 * 8 + 5;
    private static final String MSG_ID = "IHE+RFC-3881";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private SyslogFrame() {}

    /** The whole frame, ready to write to the TLS stream. */
    static byte[] encode(AuditMessage message, String hostName, String appName, long processId) {
        String header = "<" + PRIORITY + ">1 " + TIMESTAMP.format(message.at().truncatedTo(ChronoUnit.MILLIS)) + " "
                + field(hostName, 255) + " " + field(appName, 48) + " " + processId + " " + MSG_ID + " - ";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] body = message.xml().getBytes(StandardCharsets.UTF_8);
        byte[] length = Integer.toString(head.length + BOM.length + body.length).getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[length.length + 1 + head.length + BOM.length + body.length];
        int at = 0;
        System.arraycopy(length, 0, frame, at, length.length);
        at += length.length;
        frame[at++] = ' ';
        System.arraycopy(head, 0, frame, at, head.length);
        at += head.length;
        System.arraycopy(BOM, 0, frame, at, BOM.length);
        at += BOM.length;
        System.arraycopy(body, 0, frame, at, body.length);
        return frame;
    }

    /** A header field: printable US-ASCII without spaces, at most {@code max} characters, "-" when empty (RFC 5424). */
    static String field(String value, int max) {
        StringBuilder b = new StringBuilder();
        for (char c : (value == null ? "" : value).toCharArray()) {
            if (c > 32 && c < 127 && b.length() < max) {
                b.append(c);
            }
        }
        return b.isEmpty() ? "-" : b.toString();
    }
}
