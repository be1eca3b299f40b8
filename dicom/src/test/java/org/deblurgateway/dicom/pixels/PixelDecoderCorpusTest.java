package org.deblurgateway.dicom.pixels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.model.image.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every object of the shared corpus (../shared/data/dicom, described row by row in INVENTORY.tsv) decodes or
 * passes through with the reason its row implies, and every decoded object that pydicom can decode here has frames
 * equal to pydicom's: exactly, except YBR_FULL / YBR_FULL_422 sources, which both sides convert to RGB with
 * rounding that may differ by {@value #COLOUR_TOLERANCE} grey levels when the YCbCr came from different JPEG
 * decoders. Also: every deliberately broken file of ../shared/data/dicom-bad passes through without an exception.
 */
class PixelDecoderCorpusTest {

    private static final Logger LOG = LoggerFactory.getLogger(PixelDecoderCorpusTest.class);
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final int COLOUR_TOLERANCE = 2;
    private static final PixelLimits LIMITS = new PixelLimits(4096L * 4096, 64L * 1024 * 1024, Duration.ofSeconds(60));

    /** Objects whose outcome differs from what their INVENTORY row implies, each with why. */
    private static final Map<String, PassThroughReason> KNOWN_EXCEPTIONS = Map.of(
            // Its data set is encoded implicit VR although the File Meta says JPEG Baseline (explicit VR); PixelMed
            // gives up on it (pydicom and gdcm guess). At C-STORE time the gateway's DataSetReader refuses it too.
            "debian-python3-pydicom/SC_rgb_jpeg.dcm",
            PassThroughReason.UNSUPPORTED_PIXEL_FORMAT,
            // A sequence delimiter inside the encapsulated fragments: gdcm 3.0.21 misreads the codestream ("Invalid
            // number of tiles") and dcmtk has no JPEG 2000 decoder. pydicom here cannot decode it either.
            "debian-python3-pydicom/JPEG2000-embedded-sequence-delimiter.dcm",
            PassThroughReason.UNDECODABLE_TRANSFER_SYNTAX);

    @TempDir
    Path work;

    /** One row of INVENTORY.tsv. */
    record InventoryRow(
            String path,
            String sopClass,
            String photometric,
            String bitsAllocated,
            String samplesPerPixel,
            String rowsByColumns,
            String frames,
            String transferSyntaxUid,
            String pydicomDecode) {

        static InventoryRow parse(String line) {
            String[] c = line.split("\t", -1);
            return new InventoryRow(c[0], c[2], c[4], c[5], c[8], c[9], c[10], c[11], c[13]);
        }

        /** The pass-through reasons this row allows; empty when the object must decode. */
        Set<PassThroughReason> expectedPassThrough() {
            if (KNOWN_EXCEPTIONS.containsKey(path)) {
                return EnumSet.of(KNOWN_EXCEPTIONS.get(path));
            }
            if (isNonImageClass()) {
                return EnumSet.of(PassThroughReason.NON_IMAGE_SOP_CLASS, PassThroughReason.NO_PIXEL_DATA);
            }
            if (photometric.isEmpty()) {
                // No Image Pixel module: a DICOMDIR, or an object that lost its pixel data.
                return EnumSet.of(PassThroughReason.NO_PIXEL_DATA, PassThroughReason.NON_IMAGE_SOP_CLASS);
            }
            if (photometric.equals("PALETTE COLOR")) {
                return EnumSet.of(PassThroughReason.PALETTE_COLOUR);
            }
            if (bitsAllocated.equals("1")) {
                return EnumSet.of(PassThroughReason.ONE_BIT);
            }
            if (!bitsAllocated.equals("8") && !bitsAllocated.equals("16")) {
                return EnumSet.of(PassThroughReason.UNSUPPORTED_PIXEL_FORMAT);
            }
            if (transferSyntaxUid.startsWith("1.2.840.10008.1.2.4.20")) { // HTJ2K: no decoder here
                return EnumSet.of(PassThroughReason.UNDECODABLE_TRANSFER_SYNTAX);
            }
            return EnumSet.noneOf(PassThroughReason.class);
        }

        private boolean isNonImageClass() {
            return sopClass.contains(" SR ")
                    || sopClass.endsWith(" SR Storage")
                    || (sopClass.startsWith("RT ") && !sopClass.startsWith("RT Image"))
                    || sopClass.contains("ECG")
                    || sopClass.contains("Waveform")
                    || sopClass.startsWith("Segmentation")
                    || sopClass.startsWith("Parametric Map")
                    || sopClass.startsWith("Key Object")
                    || sopClass.contains("Presentation State")
                    || sopClass.startsWith("Encapsulated");
        }

        String expectedPhotometric() {
            return samplesPerPixel.equals("3") ? "RGB" : photometric;
        }
    }

    /** pydicom's reference for one object (see pydicom_frames.py). */
    record Reference(
            String status,
            String oracle,
            int frames,
            int rows,
            int columns,
            int channels,
            boolean converted,
            List<String> hashes,
            int line) {}

    /** What our decoder gave for one decoded object. */
    record Decoded(PixelLayout layout, List<String> hashes, List<int[]> colourSamples) {}

    @Test
    void decode_sharedCorpus_everyObjectDecodesOrPassesThroughAsItsRowSays_andDecodedFramesMatchPydicom()
            throws Exception {
        Path corpus = sharedData().resolve("dicom");
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is absent; the corpus test needs pydicom");
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/gdcmconv")),
                "gdcmconv (Debian libgdcm-tools) is absent; compressed corpus objects would not decode");
        List<InventoryRow> rows;
        try (Stream<String> lines = Files.lines(corpus.resolve("INVENTORY.tsv"))) {
            rows = lines.skip(1)
                    .filter(l -> !l.isBlank())
                    .map(InventoryRow::parse)
                    .toList();
        }
        long start = System.nanoTime();
        Process pydicom = startPydicom(
                corpus,
                rows.stream()
                        .filter(r -> r.pydicomDecode().equals("ok"))
                        .map(InventoryRow::path)
                        .toList());

        PixelDecoder decoder = new PixelDecoder(LIMITS, work.resolve("scratch"));
        List<String> problems = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Decoded> decoded = new LinkedHashMap<>();
        for (InventoryRow row : rows) {
            PixelDecoding result = decoder.decode(corpus.resolve(row.path()));
            Set<PassThroughReason> allowed = row.expectedPassThrough();
            if (result instanceof PassThrough passThrough) {
                outcomes.merge("pass-through " + passThrough.reason().code(), 1, Integer::sum);
                if (!allowed.contains(passThrough.reason())) {
                    problems.add(row.path() + ": expected " + (allowed.isEmpty() ? "frames" : allowed) + ", got "
                            + passThrough);
                }
            } else {
                DecodedImage image = (DecodedImage) result;
                outcomes.merge("decoded by " + image.layout().decodedWith(), 1, Integer::sum);
                if (!allowed.isEmpty()) {
                    problems.add(row.path() + ": expected " + allowed + ", got frames " + image.layout());
                    continue;
                }
                checkLayout(row, image.layout(), problems);
                decoded.put(row.path(), hash(image, row.photometric().startsWith("YBR_FULL")));
            }
        }
        long decodeMillis = (System.nanoTime() - start) / 1_000_000;
        Map<String, Reference> references = awaitPydicom(pydicom);

        Map<String, Integer> comparison = compare(rows, decoded, references, problems);
        try (Stream<Path> left = Files.list(work.resolve("scratch"))) {
            assertEquals(List.of(), left.toList(), "scratch folder is cleaned up");
        }
        LOG.info(
                "corpus: {} objects decoded/passed through in {} ms (pydicom alongside); outcomes {}; against"
                        + " pydicom {}",
                rows.size(),
                decodeMillis,
                outcomes,
                comparison);
        assertTrue(problems.isEmpty(), problems.size() + " problem(s):\n" + String.join("\n", problems));
    }

    @Test
    void decode_brokenFiles_passThroughWithoutThrowing() throws Exception {
        Path bad = sharedData().resolve("dicom-bad");
        assumeTrue(Files.isDirectory(bad), "shared data has no dicom-bad folder");
        PixelDecoder decoder = new PixelDecoder(LIMITS, work.resolve("scratch"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(bad)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .toList();
        }
        assertTrue(files.size() >= 8, "dicom-bad holds " + files.size() + " files");
        Map<String, String> outcomes = new TreeMap<>();
        for (Path file : files) {
            PixelDecoding result = decoder.decode(file);
            PassThrough passThrough = assertInstanceOf(
                    PassThrough.class, result, () -> bad.relativize(file) + " must not give frames: " + result);
            outcomes.put(bad.relativize(file).toString(), passThrough.toString());
        }
        outcomes.forEach((file, outcome) -> LOG.info("dicom-bad {}: {}", file, outcome));
    }

    private static void checkLayout(InventoryRow row, PixelLayout layout, List<String> problems) {
        List<String> wrong = new ArrayList<>();
        if (!(layout.rows() + "x" + layout.columns()).equals(row.rowsByColumns())) {
            wrong.add("size " + layout.rows() + "x" + layout.columns() + " vs " + row.rowsByColumns());
        }
        if (!String.valueOf(layout.frameCount()).equals(row.frames())) {
            wrong.add("frames " + layout.frameCount() + " vs " + row.frames());
        }
        if (!layout.photometric().equals(row.expectedPhotometric())) {
            wrong.add("photometric " + layout.photometric() + " vs " + row.expectedPhotometric());
        }
        if (!String.valueOf(layout.bitsAllocated()).equals(row.bitsAllocated())) {
            wrong.add("bits allocated " + layout.bitsAllocated() + " vs " + row.bitsAllocated());
        }
        if (PixelTransferSyntaxes.isLossy(row.transferSyntaxUid()) && !layout.sourceLossy()) {
            wrong.add("a lossy transfer syntax must mark the source lossy");
        }
        boolean nativeSyntax = TransferSyntaxes.isNative(row.transferSyntaxUid())
                || row.transferSyntaxUid().isEmpty();
        if (nativeSyntax != layout.decodedWith().equals(PixelDecoder.NATIVE)) {
            wrong.add("decoded with " + layout.decodedWith() + " for " + row.transferSyntaxUid());
        }
        if (!wrong.isEmpty()) {
            problems.add(row.path() + ": layout " + wrong);
        }
    }

    /** Per-frame sha256 of the samples as int32 little endian; the samples too for colour-converted sources. */
    private static Decoded hash(DecodedImage image, boolean keepSamples) throws IOException {
        List<String> hashes = new ArrayList<>();
        List<int[]> samples = new ArrayList<>();
        for (int f = 0; f < image.frames().frameCount(); f++) {
            Frame frame = image.frames().frame(f);
            ByteBuffer bytes = ByteBuffer.allocate(frame.samples().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asIntBuffer().put(frame.samples());
            hashes.add(HexFormat.of().formatHex(sha256().digest(bytes.array())));
            if (keepSamples) {
                samples.add(frame.samples());
            }
        }
        return new Decoded(image.layout(), hashes, samples);
    }

    private Map<String, Integer> compare(
            List<InventoryRow> rows,
            Map<String, Decoded> decoded,
            Map<String, Reference> references,
            List<String> problems)
            throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (InventoryRow row : rows) {
            if (!row.pydicomDecode().equals("ok")) {
                continue;
            }
            if (!decoded.containsKey(row.path())) {
                counts.merge("not compared, we pass it through", 1, Integer::sum);
                continue;
            }
            Reference reference = references.get(row.path());
            if (reference == null) {
                problems.add(row.path() + ": pydicom script wrote no line for it");
                continue;
            }
            if (!reference.status().equals("ok")) {
                counts.merge("pydicom cannot decode here", 1, Integer::sum);
                LOG.info("not compared, pydicom here cannot decode {}: {}", row.path(), reference.status());
                continue;
            }
            Decoded ours = decoded.get(row.path());
            String key = reference.oracle();
            if (reference.frames() != ours.hashes().size()
                    || reference.rows() != ours.layout().rows()
                    || reference.columns() != ours.layout().columns()
                    || reference.channels() != ours.layout().channels()) {
                problems.add(row.path() + ": pydicom shape " + reference + " vs ours " + ours.layout());
                counts.merge(key + " shape differs", 1, Integer::sum);
            } else if (!reference.converted()) {
                if (reference.hashes().equals(ours.hashes())) {
                    counts.merge(key + " equal", 1, Integer::sum);
                } else {
                    problems.add(row.path() + ": frames differ from " + key + " (" + ours.layout() + ")");
                    counts.merge(key + " differ", 1, Integer::sum);
                }
            } else {
                int worst = colourDifference(reference, ours);
                if (worst <= COLOUR_TOLERANCE) {
                    counts.merge(key + " within +-" + COLOUR_TOLERANCE + " (YBR->RGB)", 1, Integer::sum);
                    LOG.info("{}: largest RGB difference to {} is {}", row.path(), key, worst);
                } else {
                    problems.add(row.path() + ": RGB differs from " + key + " by up to " + worst);
                    counts.merge(key + " differ", 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private int colourDifference(Reference reference, Decoded ours) throws IOException {
        byte[] raw = Files.readAllBytes(work.resolve("pydicom").resolve(reference.line() + ".i32"));
        ByteBuffer theirs = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int worst = 0;
        for (int[] frame : ours.colourSamples()) {
            for (int sample : frame) {
                worst = Math.max(worst, Math.abs(sample - theirs.getInt()));
            }
        }
        return worst;
    }

    private Process startPydicom(Path corpus, List<String> paths) throws IOException {
        Path dir = Files.createDirectories(work.resolve("pydicom"));
        Path script = dir.resolve("pydicom_frames.py");
        try (InputStream in = getClass().getResourceAsStream("pydicom_frames.py")) {
            Files.copy(in, script);
        }
        Path listing = Files.write(dir.resolve("paths.txt"), paths, StandardCharsets.UTF_8);
        return new ProcessBuilder(
                        PYTHON.toString(), script.toString(), corpus.toString(), listing.toString(), dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("python.log").toFile())
                .start();
    }

    private Map<String, Reference> awaitPydicom(Process process) throws Exception {
        Path dir = work.resolve("pydicom");
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("pydicom script did not finish in 300 s");
        }
        assertEquals(0, process.exitValue(), () -> "pydicom script failed: " + readQuietly(dir.resolve("python.log")));
        Map<String, Reference> references = new HashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("frames.tsv"));
        for (int i = 0; i < lines.size(); i++) {
            String[] c = lines.get(i).split("\t", -1);
            references.put(
                    c[0],
                    c[1].equals("ok")
                            ? new Reference(
                                    c[1],
                                    c[2],
                                    Integer.parseInt(c[3]),
                                    Integer.parseInt(c[4]),
                                    Integer.parseInt(c[5]),
                                    Integer.parseInt(c[6]),
                                    c[7].equals("1"),
                                    List.of(c[8].split(",")),
                                    i)
                            : new Reference(c[1], "", 0, 0, 0, 0, false, List.of(), i));
        }
        return references;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** ../shared/data: the build's shared.data.dir property, else found by walking up from the working folder. */
    private static Path sharedData() {
        String configured = System.getProperty("shared.data.dir");
        if (configured != null && Files.isDirectory(Path.of(configured, "dicom"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data");
            if (Files.isDirectory(candidate.resolve("dicom"))) {
                return candidate;
            }
        }
        assumeTrue(false, "shared data folder (../shared/data/dicom) is absent; corpus test skipped");
        throw new IllegalStateException("unreachable");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
