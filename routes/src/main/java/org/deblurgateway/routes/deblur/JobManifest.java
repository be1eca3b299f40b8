package org.deblurgateway.routes.deblur;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.deblurgateway.dicom.pixels.PixelLayout;

/**
 * What the assembler needs to know about a deblur job, written next to the job's source object.
 *
 * @param job          job id (the derived SOP Instance UID)
 * @param rule         name of the rule that asked for deblurring
 * @param model        model id
 * @param destinations destinations of the derived instance
 * @param forwardOriginal whether the original was already queued for the destinations at ingest
 * @param sourceFileName  file name of the received object (its outbound name if the original must go out later)
 * @param layout       the decoded pixel layout of the source
 * @param modality     for logs
 * @param createdAt    epoch milliseconds
 */
public record JobManifest(
        String job,
        String rule,
        String model,
        List<String> destinations,
        boolean forwardOriginal,
        String sourceFileName,
        PixelLayout layout,
        String modality,
        long createdAt) {

    public JobManifest {
        destinations = List.copyOf(destinations);
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("job", job);
        p.setProperty("rule", rule);
        p.setProperty("model", model);
        p.setProperty("destinations", String.join(",", destinations));
        p.setProperty("forwardOriginal", Boolean.toString(forwardOriginal));
        p.setProperty("sourceFileName", sourceFileName);
        p.setProperty("modality", modality == null ? "" : modality);
        p.setProperty("createdAt", Long.toString(createdAt));
        p.setProperty("photometric", layout.photometric());
        p.setProperty("rows", Integer.toString(layout.rows()));
        p.setProperty("columns", Integer.toString(layout.columns()));
        p.setProperty("frameCount", Integer.toString(layout.frameCount()));
        p.setProperty("bitsAllocated", Integer.toString(layout.bitsAllocated()));
        p.setProperty("bitsStored", Integer.toString(layout.bitsStored()));
        p.setProperty("signed", Boolean.toString(layout.signed()));
        p.setProperty("sourceLossy", Boolean.toString(layout.sourceLossy()));
        p.setProperty("decodedWith", layout.decodedWith());
        return p;
    }

    static JobManifest fromProperties(Properties p) {
        PixelLayout layout = new PixelLayout(
                p.getProperty("photometric"),
                Integer.parseInt(p.getProperty("rows")),
                Integer.parseInt(p.getProperty("columns")),
                Integer.parseInt(p.getProperty("frameCount")),
                Integer.parseInt(p.getProperty("bitsAllocated")),
                Integer.parseInt(p.getProperty("bitsStored")),
                Boolean.parseBoolean(p.getProperty("signed")),
                Boolean.parseBoolean(p.getProperty("sourceLossy")),
                p.getProperty("decodedWith"));
        String destinations = p.getProperty("destinations", "");
        return new JobManifest(
                p.getProperty("job"),
                p.getProperty("rule"),
                p.getProperty("model"),
                destinations.isEmpty() ? List.of() : Arrays.asList(destinations.split(",")),
                Boolean.parseBoolean(p.getProperty("forwardOriginal", "true")),
                p.getProperty("sourceFileName"),
                layout,
                p.getProperty("modality"),
                Long.parseLong(p.getProperty("createdAt")));
    }
}
