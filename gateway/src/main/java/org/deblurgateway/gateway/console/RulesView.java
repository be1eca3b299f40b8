package org.deblurgateway.gateway.console;

import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.deblurgateway.gateway.trail.TrailQueries.MatchSample;
import org.deblurgateway.routes.rules.ObjectAttributes;
import org.deblurgateway.routes.rules.RuleCheck;
import org.deblurgateway.routes.rules.RulesApplied;
import org.deblurgateway.routes.rules.RulesVersion;

/**
 * What the Rules page shows: the version in force, the text in the editor, the instance chosen for a dry run, the
 * previous file (null when none is kept) and the outcome of the last button.
 */
public record RulesView(
        RulesVersion active,
        String file,
        String text,
        String sop,
        String previousText,
        List<MatchSample> recent,
        Outcome outcome) {

    /** When the rules in force were put in force, to the second (UTC, as the page's other times). */
    public String activeSince() {
        return active.loadedAt().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The name the file replaced by the next apply will be kept under. */
    public String previousName() {
        return Path.of(file).getFileName() + ".previous";
    }

    /** One validation problem, split into where (rule or destination) and what (field: message). */
    public record Problem(String where, String what) {

        static Problem of(String problem) {
            int colon = problem.indexOf(": ");
            if (colon > 0 && (problem.startsWith("rule ") || problem.startsWith("destination "))) {
                return new Problem(problem.substring(0, colon), problem.substring(colon + 2));
            }
            return new Problem("file", problem);
        }
    }

    /** One rule's verdict in a dry run, in words. */
    public record CheckRow(String rule, String action, String verdict, String why, String css) {

        static CheckRow of(RuleCheck check) {
            return switch (check.verdict()) {
                case MATCHED ->
                    new CheckRow(
                            check.rule(),
                            check.action(),
                            "matches",
                            check.held().isEmpty()
                                    ? "no match block: matches everything"
                                    : String.join(", ", check.held()),
                            "matched");
                case NOT_MATCHED ->
                    new CheckRow(
                            check.rule(),
                            check.action(),
                            "does not match",
                            check.criterion()
                                    + (check.value() == null
                                            ? " absent in the instance"
                                            : " '" + check.value() + "' not in " + check.patterns()),
                            "not-matched");
                case NOT_REACHED ->
                    new CheckRow(check.rule(), check.action(), "not reached", "an earlier rule matched", "not-reached");
            };
        }
    }

    /** The attribute values a dry run matched against, as label / value pairs (absent values shown as such). */
    public record Attribute(String key, String value) {}

    /** The result of the last button: a notice, an error, validation problems or a dry run; all empty for none. */
    public record Outcome(
            String notice,
            String error,
            List<Problem> problems,
            MatchSample sample,
            List<Attribute> attributes,
            List<CheckRow> checks) {

        static Outcome none() {
            return new Outcome("", "", List.of(), null, List.of(), List.of());
        }

        static Outcome notice(String notice) {
            return new Outcome(notice, "", List.of(), null, List.of(), List.of());
        }

        static Outcome error(String error) {
            return new Outcome("", error, List.of(), null, List.of(), List.of());
        }

        static Outcome problems(List<String> problems) {
            return new Outcome(
                    "",
                    "Not valid (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                            + "); nothing was applied.",
                    problems.stream().map(Problem::of).toList(),
                    null,
                    List.of(),
                    List.of());
        }

        static Outcome dryRun(MatchSample sample, List<RuleCheck> checks) {
            ObjectAttributes a = sample.attributes();
            List<Attribute> attributes = List.of(
                    new Attribute("calling-ae-title", a.callingAeTitle()),
                    new Attribute("called-ae-title", a.calledAeTitle()),
                    new Attribute("modality", a.modality()),
                    new Attribute("sop-class-uid", a.sopClassUid()),
                    new Attribute("body-part-examined", a.bodyPartExamined()),
                    new Attribute("series-description", a.seriesDescription()),
                    new Attribute("study-description", a.studyDescription()));
            return new Outcome(
                    "",
                    "",
                    List.of(),
                    sample,
                    attributes.stream()
                            .map(at -> new Attribute(at.key(), at.value() == null ? "(absent)" : at.value()))
                            .toList(),
                    checks.stream().map(CheckRow::of).toList());
        }

        static Outcome applied(RulesApplied change, Path previousFile) {
            return new Outcome(
                    "Applied: version " + change.version().shortSha256() + " is in force (it replaced "
                            + change.previous().shortSha256() + "); the file it replaced is kept as "
                            + previousFile.getFileName() + "." + removed(change),
                    "",
                    List.of(),
                    null,
                    List.of(),
                    List.of());
        }

        static Outcome reloaded(RulesApplied change) {
            return new Outcome(
                    "Reloaded the file: version " + change.version().shortSha256() + " is in force (it " + "replaced "
                            + change.previous().shortSha256() + ")." + removed(change),
                    "",
                    List.of(),
                    null,
                    List.of(),
                    List.of());
        }

        private static String removed(RulesApplied change) {
            return change.removedDestinations().isEmpty()
                    ? ""
                    : " Destinations no longer in the rules: "
                            + String.join(", ", change.removedDestinations())
                            + "; sends still waiting for them will be "
                            + "dead-lettered.";
        }
    }
}
