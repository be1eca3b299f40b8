package org.deblurgateway.routes.messages;

import java.util.Map;

/**
 * Typed reads and writes of message properties. Values come back as JMS typed them (Integer, Long, ...) or as text
 * (a properties file, a hand-made message), so every read accepts both.
 */
final class HeaderValues {

    private HeaderValues() {}

    /** Puts {@code value} unless it is null: an absent attribute is an absent property. */
    static void put(Map<String, Object> headers, String name, Object value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    static String text(Map<String, ?> headers, String name) {
        Object value = headers.get(name);
        return value == null ? null : value.toString();
    }

    static String requiredText(Map<String, ?> headers, String name) {
        String value = text(headers, name);
        if (value == null) {
            throw new IllegalArgumentException("message has no " + name + " property");
        }
        return value;
    }

    static int requiredInt(Map<String, ?> headers, String name) {
        Object value = headers.get(name);
        if (value == null) {
            throw new IllegalArgumentException("message has no " + name + " property");
        }
        return value instanceof Number n
                ? n.intValue()
                : Integer.parseInt(value.toString().trim());
    }

    /** A count that older or hand-made messages may lack or garble: absent or unreadable is 0, never negative. */
    static int count(Map<String, ?> headers, String name) {
        Object value = headers.get(name);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(
                    0,
                    value instanceof Number n
                            ? n.intValue()
                            : Integer.parseInt(value.toString().trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Long optionalLong(Map<String, ?> headers, String name) {
        Object value = headers.get(name);
        if (value == null) {
            return null;
        }
        return value instanceof Number n
                ? n.longValue()
                : Long.parseLong(value.toString().trim());
    }

    static long requiredLong(Map<String, ?> headers, String name) {
        Long value = optionalLong(headers, name);
        if (value == null) {
            throw new IllegalArgumentException("message has no " + name + " property");
        }
        return value;
    }

    static double requiredDouble(Map<String, ?> headers, String name) {
        Object value = headers.get(name);
        if (value == null) {
            throw new IllegalArgumentException("message has no " + name + " property");
        }
        return value instanceof Number n
                ? n.doubleValue()
                : Double.parseDouble(value.toString().trim());
    }

    /** Absent is false. */
    static boolean flag(Map<String, ?> headers, String name) {
        return Boolean.parseBoolean(String.valueOf(headers.get(name)));
    }
}
