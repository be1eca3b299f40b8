package org.deblurgateway.gateway.console.viewer;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.deblurgateway.gateway.console.ConsoleUser;

/**
 * The before/after viewer of a derived instance: the page, and its frames as raw 16-bit samples (gzip-compressed as
 * stored) so that the browser does the windowing, the difference image and the flicker itself.
 */
@Path("/console")
public class ViewerPage {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance viewer(
                ConsoleUser user, String derivedSopInstanceUid, Preview preview, boolean previewsEnabled);
    }

    private final PreviewSink previews;
    private final SecurityIdentity identity;

    public ViewerPage(PreviewSink previews, SecurityIdentity identity) {
        this.previews = previews;
        this.identity = identity;
    }

    @GET
    @Path("viewer/{sop}")
    @Blocking
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance viewer(@PathParam("sop") String derivedSopInstanceUid) throws IOException {
        Optional<Preview> preview = previews.store().get(derivedSopInstanceUid);
        return Templates.viewer(
                ConsoleUser.of(identity), derivedSopInstanceUid, preview.orElse(null), previews.enabled());
    }

    @GET
    @Path("previews/{sop}/frames/{index}/{side}")
    @Blocking
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response frame(
            @PathParam("sop") String derivedSopInstanceUid,
            @PathParam("index") int index,
            @PathParam("side") String side) {
        PreviewStore.Side which;
        try {
            which = PreviewStore.Side.valueOf(side.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("side is original or derived, not " + side);
        }
        var file = previews.store()
                .frameFile(derivedSopInstanceUid, index, which)
                .orElseThrow(() -> new NotFoundException("no preview frame " + index + " of " + derivedSopInstanceUid));
        // Stored gzip-compressed: sent as it is, the browser inflates it.
        return Response.ok(file.toFile(), MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Encoding", "gzip")
                .header("Cache-Control", "private, max-age=3600")
                .build();
    }
}
