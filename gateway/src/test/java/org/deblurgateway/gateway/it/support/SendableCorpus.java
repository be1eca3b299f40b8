package org.deblurgateway.gateway.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.deblurgateway.gateway.it.support.DicomDigests.Digest;

/**
 * Every object of the DICOM corpus that a modality can send and a PACS can store, by the rules EndToEndIT states:
 * File Meta Information present, a storage SOP class (not a DICOMDIR), a transfer syntax dcmtk 3.6.7 and Orthanc
 * 1.10.1 know (not HTJ2K, not deflated image frames), not listed in it/end-to-end-exclusions.tsv. The first file of
 * each SOP Instance UID is an object as it is; the later ones (the same image in other transfer syntaxes, mostly)
 * are listed apart, for the caller to send as copies with UIDs of their own, since a PACS keeps one object per UID.
 */
public final class SendableCorpus {

    private static final Set<String> UNSUPPORTED_SYNTAXES = Set.of(
            "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203", "1.2.840.10008.1.2.8.1");
    private static final String MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10";

    private SendableCorpus() {}

    /**
     * The sendable objects with a SOP Instance UID of their own, the sendable files whose UID an earlier file has,
     * and per reason how many corpus files were left out.
     */
    public record Selection(
            List<Digest> objects, List<Digest> sharingUid, Map<String, Integer> leftOut, int corpusFiles) {}

    public static Selection select() {
        Path dicom = SharedData.dicom();
        Set<String> excluded;
        try {
            excluded = Files.readAllLines(ItDirs.resource("end-to-end-exclusions.tsv")).stream()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("\t")[0])
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<SharedData.InventoryRow> rows = SharedData.inventory();
        Map<String, Integer> leftOut = new TreeMap<>();
        List<Path> candidates = new ArrayList<>();
        for (SharedData.InventoryRow row : rows) {
            if (excluded.contains(row.path())) {
                leftOut.merge("listed in end-to-end-exclusions.tsv", 1, Integer::sum);
            } else {
                candidates.add(dicom.resolve(row.path()));
            }
        }
        Set<String> seenUids = new HashSet<>();
        List<Digest> objects = new ArrayList<>();
        List<Digest> sharingUid = new ArrayList<>();
        for (Digest digest : DicomDigests.of(candidates).values()) {
            String reason = null;
            if (!digest.readable()) {
                reason = "pydicom cannot read it";
            } else if (!digest.hasFileMeta()) {
                reason = "no File Meta Information (storescu would guess its transfer syntax)";
            } else if ("-".equals(digest.sopClassUid())
                    || MEDIA_STORAGE_DIRECTORY.equals(digest.sopClassUid())
                    || "-".equals(digest.sopInstanceUid())) {
                reason = "not a storage object (no SOP class/instance, or a DICOMDIR)";
            } else if (UNSUPPORTED_SYNTAXES.contains(digest.transferSyntaxUid())) {
                reason = "transfer syntax unknown to dcmtk 3.6.7 / Orthanc 1.10.1";
            }
            if (reason != null) {
                leftOut.merge(reason, 1, Integer::sum);
            } else if (seenUids.add(digest.sopInstanceUid())) {
                objects.add(digest);
            } else {
                sharingUid.add(digest);
            }
        }
        return new Selection(objects, sharingUid, leftOut, rows.size());
    }
}
