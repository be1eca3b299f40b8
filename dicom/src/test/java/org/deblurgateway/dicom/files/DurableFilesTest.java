package org.deblurgateway.dicom.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

    @TempDir
    Path temp;

    @Test
    void placeLink_sameFileUnderTheNewName_againIsANoOp_noTempLeft() throws IOException {
        Path source = Files.writeString(temp.resolve("source.dcm"), "object");
        Path target = Files.createDirectories(temp.resolve("out")).resolve("copy.dcm");

        DurableFiles.placeLink(source, target);
        DurableFiles.placeLink(source, target);

        assertTrue(Files.isSameFile(source, target), "a hard link, not a copy");
        assertEquals(1, entries(target.getParent()), "no .part file left beside it");
    }

    @Test
    void moveIntoPlace_replacesTheTargetWhole() throws IOException {
        Path target = Files.writeString(temp.resolve("job.properties"), "old");
        Path part = Files.writeString(temp.resolve(".job.properties.part"), "new");

        DurableFiles.moveIntoPlace(part, target);

        assertEquals("new", Files.readString(target));
        assertFalse(Files.exists(part));
    }

    @Test
    void syncFolder_missingFolder_isAnError() {
        // Whoever confirms a file (C-STORE Success, a committed message) must learn that it is not durable.
        assertThrows(IOException.class, () -> DurableFiles.syncFolder(temp.resolve("gone")));
    }

    private static long entries(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
