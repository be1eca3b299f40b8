package org.deblurgateway.model.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code model/weights/<id>/model.json} says about a shipped network: identity, weight checksums and the
 * input contract (size multiple, channels).
 *
 * @param id             model id, equal to the folder name
 * @param version        training package version and step
 * @param sha256         hex SHA-256 per weights file name ({@code model.pt}, {@code model-bf16.pt})
 * @param parameters     trainable parameter count
 * @param flopsPerPixel  multiply-adds x 2 per output pixel, as measured by the exporter
 * @param sizeMultiple   input height and width must be multiples of this
 * @param channels       input/output channels (3)
 * @param normalisation  the exporter's text describing input/output scaling
 * @param training       the training record, verbatim
 */
public record ModelCard(
        String id,
        String version,
        Map<String, String> sha256,
        long parameters,
        long flopsPerPixel,
        int sizeMultiple,
        int channels,
        String normalisation,
        JsonNode training) {

    public static final String FILE_NAME = "model.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelCard {
        sha256 = Map.copyOf(sha256);
        if (sizeMultiple < 1) {
            throw new IllegalArgumentException("size_multiple must be >= 1, not " + sizeMultiple);
        }
        if (channels != 3) {
            throw new IllegalArgumentException("only 3-channel networks are supported, model.json says " + channels);
        }
    }

    /** Reads and validates {@code dir/model.json}; a missing or malformed card fails with the path in the message. */
    public static ModelCard read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new IOException("no model card at " + file, e);
        } catch (IOException e) {
            throw new IOException("model card " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new IOException("model card " + file + ": " + e.getMessage(), e);
        }
    }

    static ModelCard fromJson(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        String id = required(root, "id").asText();
        Map<String, String> sums = new LinkedHashMap<>();
        JsonNode sha = required(root, "sha256");
        if (sha.isTextual()) {
            // a single checksum is for the fp32 file
            sums.put("model.pt", sha.asText());
        } else if (sha.isObject()) {
            sha.fields().forEachRemaining(e -> sums.put(e.getKey(), e.getValue().asText()));
        } else {
            throw new IllegalArgumentException("sha256 must be a string or an object of file name -> hex");
        }
        return new ModelCard(
                id,
                root.path("version").asText(""),
                sums,
                root.path("parameters").asLong(0),
                root.path("flops_per_pixel").asLong(0),
                required(root, "size_multiple").asInt(),
                root.path("channels").asInt(3),
                root.has("input_normalisation")
                        ? root.path("input_normalisation").asText()
                        : root.path("normalisation").asText(""),
                root.path("training"));
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return n;
    }

    /** The expected checksum of a weights file, if the card lists it. */
    public Optional<String> sha256Of(String fileName) {
        return Optional.ofNullable(sha256.get(fileName));
    }
}
