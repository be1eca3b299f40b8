package org.deblurgateway.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.gateway.audit.ConsoleAudit;
import org.deblurgateway.gateway.trail.ConsoleConfig;
import org.deblurgateway.gateway.trail.TrailQueries;
import org.deblurgateway.gateway.trail.TrailQueries.EventRow;
import org.deblurgateway.gateway.trail.TrailQueries.InstanceRow;
import org.deblurgateway.gateway.trail.TrailQueries.SearchKey;
import org.deblurgateway.gateway.trail.TrailQueries.StudyRow;

/** Studies: the recent ones or a search, a study's series and instances, an instance's whole trail. */
@Path("/console")
public class StudiesPage {

    /** A series of a study with its instances. */
    public record SeriesGroup(
            String seriesInstanceUid, String description, String modality, List<InstanceRow> instances) {}

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance studies(
                ConsoleUser user, List<StudyRow> studies, String by, String q, boolean searched);

        static native TemplateInstance study(
                ConsoleUser user, String studyInstanceUid, List<SeriesGroup> series, InstanceRow first);

        static native TemplateInstance instance(ConsoleUser user, InstanceRow instance, List<EventRow> trail);
    }

    private final TrailQueries trail;
    private final SecurityIdentity identity;
    private final int pageSize;
    private final ConsoleAudit audit;

    public StudiesPage(TrailQueries trail, SecurityIdentity identity, ConsoleConfig config, ConsoleAudit audit) {
        this.trail = trail;
        this.identity = identity;
        this.pageSize = config.studiesPageSize();
        this.audit = audit;
    }

    @GET
    @Path("studies")
    @Blocking
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance studies(
            @QueryParam("by") String by, @QueryParam("q") String q, @Context HttpServerRequest request)
            throws SQLException {
        String value = q == null ? "" : q.trim();
        Optional<SearchKey> key = value.isEmpty() ? Optional.empty() : Optional.of(searchKey(by));
        // The list shows patients' names and IDs: every look at it is a Query in the audit trail.
        audit.studiesSearched(identity, request, key.isEmpty() ? "" : "by=" + by + "&q=" + value);
        return Templates.studies(
                ConsoleUser.of(identity),
                trail.studies(key, value, pageSize),
                key.map(k -> k.name().toLowerCase().replace('_', '-')).orElse(by == null ? "patient-id" : by),
                value,
                key.isPresent());
    }

    @GET
    @Path("studies/{study}")
    @Blocking
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance study(@PathParam("study") String studyInstanceUid) throws SQLException {
        List<InstanceRow> instances = trail.instancesOfStudy(studyInstanceUid);
        if (instances.isEmpty()) {
            throw new NotFoundException("no study " + studyInstanceUid + " in the trail");
        }
        Map<String, List<InstanceRow>> bySeries = new LinkedHashMap<>();
        instances.forEach(i -> bySeries.computeIfAbsent(i.seriesInstanceUid(), s -> new ArrayList<>())
                .add(i));
        List<SeriesGroup> series = new ArrayList<>();
        bySeries.forEach((uid, rows) -> series.add(new SeriesGroup(
                uid, rows.get(0).seriesDescription(), rows.get(0).modality(), rows)));
        return Templates.study(ConsoleUser.of(identity), studyInstanceUid, series, instances.get(0));
    }

    @GET
    @Path("instances/{sop}")
    @Blocking
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance instance(@PathParam("sop") String sopInstanceUid) throws SQLException {
        InstanceRow instance = trail.instance(sopInstanceUid)
                .orElseThrow(() -> new NotFoundException("no instance " + sopInstanceUid + " in the trail"));
        return Templates.instance(ConsoleUser.of(identity), instance, trail.trail(sopInstanceUid));
    }

    private static SearchKey searchKey(String by) {
        if (by == null) {
            return SearchKey.PATIENT_ID;
        }
        return switch (by) {
            case "study-instance-uid" -> SearchKey.STUDY_INSTANCE_UID;
            case "accession-number" -> SearchKey.ACCESSION_NUMBER;
            default -> SearchKey.PATIENT_ID;
        };
    }
}
