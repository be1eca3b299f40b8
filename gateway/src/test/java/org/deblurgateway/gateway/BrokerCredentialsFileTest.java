package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerCredentialsFileTest {

    @TempDir
    Path dir;

    @Test
    void readOrCreate_secondCall_samePasswordFileStaysOwnerOnly() throws Exception {
        Path file = dir.resolve("broker/credentials.properties");
        BrokerCredentials first = BrokerCredentialsFile.readOrCreate(file);
        assertEquals(first, BrokerCredentialsFile.readOrCreate(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no part file left beside it");
        }
    }

    @Test
    void readOrCreate_fileReadableByOthers_narrowedToOwnerOnly() throws Exception {
        Path file = dir.resolve("credentials.properties");
        Files.writeString(file, "user=u\npassword=p\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(new BrokerCredentials("u", "p"), BrokerCredentialsFile.readOrCreate(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void read_missingFile_noSuchFile() {
        assertThrows(NoSuchFileException.class, () -> BrokerCredentialsFile.read(dir.resolve("absent")));
    }

    @Test
    void toString_leavesPasswordOut() {
        assertEquals("BrokerCredentials[user=u, password=***]", new BrokerCredentials("u", "secret").toString());
    }
}
