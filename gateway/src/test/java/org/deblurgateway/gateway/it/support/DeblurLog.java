package org.deblurgateway.gateway.it.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a gateway log says about the deblur action, read from its operator lines: DGW-DB-002 (a job's frames were
 * queued), DGW-DB-010 (an object went through unchanged, with the reason), DGW-DB-030 (a derived instance was
 * assembled, with the frames each worker deblurred) and DGW-DB-020 (a frame deblurred by a worker of this process).
 */
public record DeblurLog(
        Set<String> queuedJobs,
        List<PassedThrough> passedThrough,
        Map<String, Map<String, Integer>> assembledJobs,
        List<WorkerProcess.DeblurredFrame> framesDeblurredHere) {

    private static final Pattern QUEUED = Pattern.compile("DGW-DB-002 job (\\S+?):");
    private static final Pattern PASSED =
            Pattern.compile("DGW-DB-010 object \\(([^,]*), ([^)]*)\\) goes through unchanged: (\\S+) \\(");
    private static final Pattern ASSEMBLED =
            Pattern.compile("DGW-DB-030 job (\\S+) \\(.*?frames per worker \\{([^}]*)\\}");

    /** One DGW-DB-010 line: the object's modality and SOP Class UID, and the reason code. */
    public record PassedThrough(String modality, String sopClassUid, String reason) {}

    public static DeblurLog of(String log) {
        Set<String> queued = new LinkedHashSet<>();
        Matcher m = QUEUED.matcher(log);
        while (m.find()) {
            queued.add(m.group(1));
        }
        List<PassedThrough> passed = new ArrayList<>();
        m = PASSED.matcher(log);
        while (m.find()) {
            passed.add(new PassedThrough(m.group(1), m.group(2), m.group(3)));
        }
        Map<String, Map<String, Integer>> assembled = new LinkedHashMap<>();
        m = ASSEMBLED.matcher(log);
        while (m.find()) {
            Map<String, Integer> perWorker = new TreeMap<>();
            for (String entry : m.group(2).split(",\\s*")) {
                int eq = entry.lastIndexOf('=');
                if (eq > 0) {
                    perWorker.put(
                            entry.substring(0, eq).trim(),
                            Integer.parseInt(entry.substring(eq + 1).trim()));
                }
            }
            assembled.put(m.group(1), perWorker);
        }
        return new DeblurLog(queued, passed, assembled, WorkerProcess.deblurredFrames(log));
    }

    /** Objects passed through, per reason code. */
    public Map<String, Integer> passedPerReason() {
        Map<String, Integer> counts = new TreeMap<>();
        passedThrough.forEach(p -> counts.merge(p.reason(), 1, Integer::sum));
        return counts;
    }

    /** Objects passed through, per SOP Class UID. */
    public Map<String, Integer> passedPerSopClass() {
        Map<String, Integer> counts = new TreeMap<>();
        passedThrough.forEach(p -> counts.merge(p.sopClassUid(), 1, Integer::sum));
        return counts;
    }

    /** How many times a DGW-DB-030 line names this job (a job assembled again after a restart counts twice). */
    public static int assembledCount(String log, String job) {
        Matcher m = ASSEMBLED.matcher(log);
        int count = 0;
        while (m.find()) {
            if (m.group(1).equals(job)) {
                count++;
            }
        }
        return count;
    }
}
