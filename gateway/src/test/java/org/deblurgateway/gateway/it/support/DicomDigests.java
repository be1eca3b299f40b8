package org.deblurgateway.gateway.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deblurgateway.testsupport.ChildProcess;
import org.deblurgateway.testsupport.PartTenFile;

/**
 * Reads SOP Class / Instance UID, transfer syntax and a sha256 of the raw Pixel Data bytes of DICOM files with pydicom
 * (it/dicom_digest.py under /usr/bin/python3), one process for any number of files.
 */
public final class DicomDigests {

    private DicomDigests() {}

    /** What the script reports for one file. */
    public record Digest(
            Path path,
            String sopClassUid,
            String sopInstanceUid,
            String transferSyntaxUid,
            String pixelSha256,
            boolean hasFileMeta,
            String error)
            implements PartTenFile {

        public boolean readable() {
            return error == null;
        }
    }

    /** Digests of {@code files}, keyed by path, in the given order. */
    public static Map<Path, Digest> of(List<Path> files) {
        Map<Path, Digest> result = new LinkedHashMap<>();
        Map<String, Path> byAbsolute = new LinkedHashMap<>();
        files.forEach(path -> byAbsolute.put(path.toAbsolutePath().toString(), path));
        if (files.isEmpty()) {
            return result;
        }
        Path list;
        Path log;
        try {
            list = Files.createTempFile(ItDirs.logs(), "digest-input-", ".txt");
            log = Files.createTempFile(ItDirs.logs(), "digest-", ".tsv");
            Files.write(
                    list,
                    files.stream().map(path -> path.toAbsolutePath().toString()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "exec /usr/bin/python3 -W ignore \"$0\" < \"$1\"",
                ItDirs.resource("dicom_digest.py").toString(),
                list.toString()));
        try (ChildProcess python = ChildProcess.start("dicom_digest.py", command, Map.of(), ItDirs.logs(), log)) {
            int exit = python.waitFor(Duration.ofMinutes(3));
            if (exit != 0) {
                throw new AssertionError("dicom_digest.py failed with exit " + exit + ":\n" + python.tail());
            }
        }
        try {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("===")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                Path path = byAbsolute.get(f[0]);
                if (path == null) {
                    continue;
                }
                if (f.length == 2 && f[1].startsWith("ERROR")) {
                    result.put(path, new Digest(path, null, null, null, null, false, f[1]));
                } else if (f.length == 6) {
                    result.put(path, new Digest(path, f[1], f[2], f[3], f[4], "meta".equals(f[5]), null));
                }
            }
            Files.deleteIfExists(list);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (result.size() != files.size()) {
            throw new AssertionError("dicom_digest.py described " + result.size() + " of " + files.size() + " files");
        }
        return result;
    }
}
