package org.deblurgateway.model.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardTest {

    @TempDir
    Path dir;

    @Test
    void read_exporterCard_parsesContractFields() throws IOException {
        Files.writeString(dir.resolve("model.json"), """
                {"id": "rdsam-lite", "version": "0.1.0+step100",
                 "sha256": {"model.pt": "ab", "model-bf16.pt": "cd"},
                 "parameters": 1234, "flops_per_pixel": 5678, "size_multiple": 16, "channels": 3,
                 "input_normalisation": "8-bit / 255", "training": {"steps": 100}, "evaluation": {},
                 "unknown_field": [1, 2]}
                """);
        ModelCard card = ModelCard.read(dir);
        assertEquals("rdsam-lite", card.id());
        assertEquals("ab", card.sha256Of("model.pt").orElseThrow());
        assertEquals("cd", card.sha256Of("model-bf16.pt").orElseThrow());
        assertEquals(1234, card.parameters());
        assertEquals(5678, card.flopsPerPixel());
        assertEquals(16, card.sizeMultiple());
        assertEquals("8-bit / 255", card.normalisation());
        assertEquals(100, card.training().path("steps").asInt());
    }

    @Test
    void read_singleChecksumString_appliesToFp32File() throws IOException {
        Files.writeString(dir.resolve("model.json"), "{\"id\": \"x\", \"sha256\": \"ef\", \"size_multiple\": 1}");
        ModelCard card = ModelCard.read(dir);
        assertEquals("ef", card.sha256Of("model.pt").orElseThrow());
        assertTrue(card.sha256Of("model-bf16.pt").isEmpty());
    }

    @Test
    void read_missingSizeMultiple_failsNamingField() throws IOException {
        Files.writeString(dir.resolve("model.json"), "{\"id\": \"x\", \"sha256\": \"ef\"}");
        IOException e = assertThrows(IOException.class, () -> ModelCard.read(dir));
        assertTrue(e.getMessage().contains("size_multiple"), e.getMessage());
    }

    @Test
    void read_noCard_failsWithPath() {
        IOException e = assertThrows(IOException.class, () -> ModelCard.read(dir));
        assertTrue(e.getMessage().contains("model.json"), e.getMessage());
    }

    @Test
    void read_brokenJson_failsWithPath() throws IOException {
        Files.writeString(dir.resolve("model.json"), "{\"id\": ");
        IOException e = assertThrows(IOException.class, () -> ModelCard.read(dir));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }
}
