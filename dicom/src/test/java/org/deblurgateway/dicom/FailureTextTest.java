package org.deblurgateway.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** Failure texts for peers and the trail: the kind of failure, no paths. */
class FailureTextTest {

    @Test
    void of_fileSystemExceptions_kindOrReasonWithoutTheFile() {
        assertEquals(
                "cannot write spool file (access denied)",
                FailureText.of("cannot write spool file", new AccessDeniedException("/srv/data/spool/tmp/x.part")));
        assertEquals(
                "cannot write spool file (no space left on device)",
                FailureText.of(
                        "cannot write spool file",
                        new FileSystemException("/srv/data/spool/tmp/x.part", null, "No space left on device")));
    }

    @Test
    void of_otherException_classAndMessageWithPathsRemoved() {
        assertEquals(
                "cannot announce the object (IOException: journal ... is full)",
                FailureText.of(
                        "cannot announce the object", new IOException("journal /srv/data/broker/journal is full")));
        assertEquals("cannot read (IOException)", FailureText.of("cannot read", new IOException()));
    }

    @Test
    void withoutPaths_relativeAndWindowsPathsToo_otherTextKept() {
        assertEquals(
                "spool path '...' is outside the data dir ...",
                FailureText.withoutPaths("spool path 'outbound/../x' is outside the data dir /srv/data"));
        assertEquals("file ... missing", FailureText.withoutPaths("file C:\\gateway\\data\\x.dcm missing"));
        assertEquals(
                "CONNECT_FAILED: cannot connect to PACS@127.0.0.1:104: Connection refused",
                FailureText.withoutPaths("CONNECT_FAILED: cannot connect to PACS@127.0.0.1:104: Connection refused"));
    }
}
