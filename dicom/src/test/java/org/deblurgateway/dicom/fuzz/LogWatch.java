package org.deblurgateway.dicom.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Stands in for {@code System.err} (where slf4j-simple writes) during a run: counts the lines that mean a caught
 * but unexpected failure ("unexpected failure", DGW-SCP-050 out of memory, an uncaught exception in a thread) and
 * keeps the last of them, and drops the rest: a hundred thousand refused cases would otherwise print hundreds of
 * thousands of expected WARN lines.
 */
final class LogWatch implements AutoCloseable {

    private static final List<String> ALARMS =
            List.of("unexpected failure", "DGW-SCP-050", "Exception in thread", "OutOfMemoryError");
    private static final int KEPT = 20;

    private final PrintStream original;
    private final ArrayDeque<String> alarms = new ArrayDeque<>();
    private long alarmCount;
    private long lines;

    private LogWatch() {
        this.original = System.err;
    }

    /** Installs the watch as {@code System.err} until {@link #close()}. */
    static LogWatch install() {
        LogWatch watch = new LogWatch();
        System.setErr(new PrintStream(watch.sink(), true, StandardCharsets.UTF_8));
        return watch;
    }

    synchronized long alarmCount() {
        return alarmCount;
    }

    synchronized long lines() {
        return lines;
    }

    /** The most recent alarm line, or an empty string. */
    synchronized String lastAlarm() {
        return alarms.isEmpty() ? "" : alarms.peekLast();
    }

    private synchronized void line(String line) {
        lines++;
        for (String alarm : ALARMS) {
            if (line.contains(alarm)) {
                alarmCount++;
                alarms.addLast(line);
                if (alarms.size() > KEPT) {
                    alarms.removeFirst();
                }
                original.println("[fuzz log alarm] " + line);
                return;
            }
        }
    }

    private OutputStream sink() {
        return new OutputStream() {
            private final ByteArrayOutputStream current = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    line(current.toString(StandardCharsets.UTF_8));
                    current.reset();
                } else if (current.size() < 4096) {
                    current.write(b);
                }
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                int start = off;
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\n') {
                        current.write(b, start, Math.min(i - start, Math.max(0, 4096 - current.size())));
                        line(current.toString(StandardCharsets.UTF_8));
                        current.reset();
                        start = i + 1;
                    }
                }
                current.write(b, start, Math.min(off + len - start, Math.max(0, 4096 - current.size())));
            }
        };
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
