package org.deblurgateway.dicom.scp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The receive spool's files of one SOP instance (each receipt has its own name). */
final class SpooledFiles {

    private SpooledFiles() {}

    /** The files under {@code spool/incoming} of the instance {@code sopInstanceUid}. */
    static List<Path> of(Path dataDir, String sopInstanceUid) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("spool/incoming"))) {
            return files.filter(p ->
                            Spool.sopInstanceUidOf(p.getFileName().toString()).equals(sopInstanceUid))
                    .sorted()
                    .toList();
        }
    }

    /** The one file of the instance; fails when there is none or more than one. */
    static Path only(Path dataDir, String sopInstanceUid) throws IOException {
        List<Path> files = of(dataDir, sopInstanceUid);
        if (files.size() != 1) {
            throw new AssertionError("expected one spooled file of " + sopInstanceUid + ", found " + files);
        }
        return files.get(0);
    }
}
