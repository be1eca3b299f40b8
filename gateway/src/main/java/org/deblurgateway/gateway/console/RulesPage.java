package org.deblurgateway.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.deblurgateway.gateway.console.RulesView.Outcome;
import org.deblurgateway.gateway.trail.TrailQueries;
import org.deblurgateway.gateway.trail.TrailQueries.MatchSample;
import org.deblurgateway.routes.rules.RuleCheck;
import org.deblurgateway.routes.rules.RuleSet;
import org.deblurgateway.routes.rules.RulesApplied;
import org.deblurgateway.routes.rules.RulesFileException;
import org.deblurgateway.routes.rules.RulesReload;

/**
 * The routing rules in the console: the version in force and its file, an editor whose text is validated as at
 * start-up, a dry run of that text against an instance from the trail, and (admins) apply or reload the file. Apply
 * and reload go through {@link RulesReload}, the same path as the reload endpoint and SIGHUP.
 */
@Path("/console/rules")
public class RulesPage {

    /** Recent instances offered for a dry run. */
    private static final int RECENT = 20;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance rules(ConsoleUser user, RulesView view);
    }

    private final RulesReload reload;
    private final TrailQueries trail;
    private final SecurityIdentity identity;

    public RulesPage(RulesReload reload, TrailQueries trail, SecurityIdentity identity) {
        this.reload = reload;
        this.trail = trail;
        this.identity = identity;
    }

    @GET
    @Blocking
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show() throws SQLException {
        return page(reload.current().text(), "", Outcome.none());
    }

    /** The file as it was before the last apply from the console. */
    @GET
    @Path("previous")
    @Blocking
    @Produces(MediaType.TEXT_PLAIN)
    public Response previous() {
        return reload.previousText()
                .map(text -> Response.ok(text)
                        .header(
                                "Content-Disposition",
                                "attachment; filename=\""
                                        + reload.previousFile().getFileName() + "\""))
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).entity("no previous version kept yet\n"))
                .build();
    }

    /** Validation changes nothing: viewers may validate too (the form carries the CSRF token). */
    @POST
    @Path("validate")
    @Blocking
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance validate(@FormParam("rules") String text, @FormParam("sop") String sop)
            throws SQLException {
        try {
            RuleSet ruleSet = reload.validate(text);
            return page(
                    text,
                    sop,
                    Outcome.notice("Valid: " + ruleSet.rules().size() + " rule(s), "
                            + ruleSet.destinations().size() + " destination(s). Nothing was applied."));
        } catch (RulesFileException e) {
            return page(text, sop, Outcome.problems(e.problems()));
        }
    }

    /** Which rule of the edited text an instance from the trail would match, and why the earlier ones do not. */
    @POST
    @Path("dry-run")
    @Blocking
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance dryRun(@FormParam("rules") String text, @FormParam("sop") String sop) throws SQLException {
        RuleSet ruleSet;
        try {
            ruleSet = reload.validate(text);
        } catch (RulesFileException e) {
            return page(text, sop, Outcome.problems(e.problems()));
        }
        if (sop == null || sop.isBlank()) {
            return page(text, "", Outcome.error("Choose an instance for the dry run (SOP Instance UID)."));
        }
        Optional<MatchSample> sample = trail.matchSample(sop);
        if (sample.isEmpty()) {
            return page(
                    text,
                    sop,
                    Outcome.error("No received instance with SOP Instance UID " + sop.trim() + " in the trail."));
        }
        List<RuleCheck> checks = RuleCheck.trace(ruleSet, sample.get().attributes());
        return page(text, sop, Outcome.dryRun(sample.get(), checks));
    }

    @POST
    @Path("apply")
    @Blocking
    @RolesAllowed(ConsoleUser.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance apply(@FormParam("rules") String text, @FormParam("sop") String sop) throws SQLException {
        try {
            RulesApplied change = reload.apply(text, ConsoleUser.of(identity).name());
            return page(change.version().text(), sop, Outcome.applied(change, reload.previousFile()));
        } catch (RulesFileException e) {
            return page(text, sop, Outcome.problems(e.problems()));
        } catch (UncheckedIOException e) {
            return page(text, sop, Outcome.error("Not applied: " + e.getMessage()));
        }
    }

    /** Reads the file again after an edit by hand: the same path as POST /admin/rules/reload and SIGHUP. */
    @POST
    @Path("reload")
    @Blocking
    @RolesAllowed(ConsoleUser.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance reloadFile() throws SQLException {
        try {
            RulesApplied change = reload.reloadFile(ConsoleUser.of(identity).name(), RulesReload.CONSOLE_RELOAD);
            return page(change.version().text(), "", Outcome.reloaded(change));
        } catch (RulesFileException e) {
            return page(reload.current().text(), "", Outcome.problems(e.problems()));
        }
    }

    private TemplateInstance page(String text, String sop, Outcome outcome) throws SQLException {
        return Templates.rules(
                ConsoleUser.of(identity),
                new RulesView(
                        reload.current(),
                        reload.file().toString(),
                        text == null ? "" : text,
                        sop == null ? "" : sop.trim(),
                        reload.previousText().orElse(null),
                        trail.recentMatchSamples(RECENT),
                        outcome));
    }
}
