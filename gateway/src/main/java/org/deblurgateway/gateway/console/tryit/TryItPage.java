package org.deblurgateway.gateway.console.tryit;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import org.deblurgateway.gateway.console.ConsoleUser;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.imageio.ImageFiles;
import org.deblurgateway.model.imageio.ImageFormat;

/**
 * Try it: upload a PNG, JPEG or DICOM file, deblur it with a model of the catalog, see both with their blur scores and
 * download the result as PNG. The file is the request body as it is (not a multipart form, whose parts the HTTP
 * layer would buffer in temporary files): nothing reaches the disk unless "keep" is ticked.
 */
@Path("/console/try-it")
public class TryItPage {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance tryIt(
                ConsoleUser user,
                List<String> models,
                String defaultModel,
                long maxUploadBytes,
                String maxUploadText,
                String keepDir);
    }

    private static final String JSON = "application/json";

    private final TryItService service;
    private final SecurityIdentity identity;

    public TryItPage(TryItService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Blocking
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        List<String> models;
        try {
            models = service.modelIds();
        } catch (UploadRejected e) {
            models = List.of();
        }
        long max = service.maxUploadBytes();
        return Templates.tryIt(
                ConsoleUser.of(identity),
                models,
                service.defaultModel(),
                max,
                String.format(Locale.ROOT, "%.0f MiB", max / (1024.0 * 1024.0)),
                service.keepDir().toString());
    }

    /** One run; the answer is JSON: the result's facts, or {@code {"error": ...}} with a 4xx/5xx status. */
    @POST
    @Path("runs")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(JSON)
    public Response run(
            InputStream body,
            @QueryParam("name") String name,
            @QueryParam("model") String model,
            @QueryParam("keep") boolean keep) {
        try {
            byte[] content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, service.maxUploadBytes() + 1));
            TryItResult result = service.run(content, name, model, keep);
            return Response.ok(json(result), JSON).build();
        } catch (UploadRejected e) {
            return Response.status(e.status())
                    .entity(error(e.getMessage()))
                    .type(JSON)
                    .build();
        } catch (IOException e) {
            return Response.status(400)
                    .entity(error("the upload could not be read: " + e.getMessage()))
                    .type(JSON)
                    .build();
        }
    }

    /** The input or the result as raw little-endian 16-bit samples, for the page's canvases. */
    @GET
    @Path("runs/{id}/{side}.raw")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response samples(@PathParam("id") String id, @PathParam("side") String side) {
        TryItResult result = held(id);
        Frame frame = switch (side) {
            case "input" -> result.input();
            case "output" -> result.output();
            default -> throw new NotFoundException("input or output, not " + side);
        };
        StreamingOutput out = stream -> {
            byte[] row = new byte[8192];
            int n = 0;
            for (int s : frame.samples()) {
                row[n++] = (byte) s;
                row[n++] = (byte) (s >> 8);
                if (n == row.length) {
                    stream.write(row, 0, n);
                    n = 0;
                }
            }
            stream.write(row, 0, n);
        };
        return Response.ok(out, MediaType.APPLICATION_OCTET_STREAM)
                .header("Cache-Control", "private")
                .build();
    }

    /** The result as a PNG file (16-bit where the input had more than 8 bits). */
    @GET
    @Path("runs/{id}/deblurred.png")
    @Produces("image/png")
    public Response png(@PathParam("id") String id) {
        TryItResult result = held(id);
        StreamingOutput out =
                stream -> ImageFiles.write(result.downloadable(), new BufferedOutputStream(stream), ImageFormat.PNG);
        return Response.ok(out, "image/png")
                .header("Content-Disposition", "attachment; filename=\"" + downloadName(result) + "\"")
                .build();
    }

    private TryItResult held(String id) {
        return service.result(id)
                .orElseThrow(() -> new NotFoundException(
                        "no Try-it result " + id + " (results are held for a while only; run it again)"));
    }

    static String downloadName(TryItResult result) {
        String base = result.name().replaceAll("\\.[A-Za-z0-9]{1,5}$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return (base.isEmpty() ? "image" : base) + "-deblurred-" + result.model() + ".png";
    }

    private static String json(TryItResult r) {
        Frame in = r.input();
        return "{" + field("id", r.id()) + "," + field("name", r.name()) + "," + field("kind", r.kind()) + ","
                + field("model", r.model()) + ",\"width\":" + in.width() + ",\"height\":" + in.height()
                + ",\"channels\":" + in.channels() + ",\"bitsStored\":" + in.bitsStored() + ",\"signed\":"
                + in.signed() + ",\"invert\":" + r.monochrome1()
                + ",\"blurScoreIn\":" + number(r.blurScoreIn()) + ",\"blurScoreOut\":" + number(r.blurScoreOut())
                + ",\"networkMillis\":" + r.millis() + ",\"totalMillis\":" + r.totalMillis() + ","
                + field("note", r.note()) + ",\"kept\":"
                + r.kept().map(TryItPage::quote).orElse("null") + ","
                + field("download", "/console/try-it/runs/" + r.id() + "/deblurred.png") + ","
                + field("downloadName", downloadName(r)) + "}";
    }

    private static String error(String message) {
        return "{" + field("error", message) + "}";
    }

    private static String field(String name, String value) {
        return quote(name) + ":" + quote(value);
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "null";
    }

    /** A JSON string literal. */
    static String quote(String value) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : (value == null ? "" : value).toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
