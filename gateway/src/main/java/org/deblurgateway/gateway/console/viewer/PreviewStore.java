package org.deblurgateway.gateway.console.viewer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.deblurgateway.dicom.pixels.DecodedImage;
import org.deblurgateway.dicom.pixels.PassThrough;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.dicom.pixels.PixelDecoding;
import org.deblurgateway.dicom.pixels.PixelLayout;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.metrics.BlurEffect;
import org.jboss.logging.Logger;

/**
 * The console's bounded copy of original and derived frames, one folder per derived instance under
 * {@code <data-dir>/previews/<derived SOP Instance UID>/}: {@code preview.properties} (layout, scores, initial
 * window per frame) and per stored frame {@code original-N.raw.gz} and {@code derived-N.raw.gz}, the samples as
 * little-endian 16-bit values (signed or unsigned as the object's), channels interleaved, gzip-compressed so they
 * can be served as they are with {@code Content-Encoding: gzip}. A folder appears under its name only when complete
 * (written aside, then renamed). Beyond {@code maxInstances} or {@code maxBytes} the oldest folders are removed.
 */
public final class PreviewStore {

    /** Which image of a pair. */
    public enum Side {
        ORIGINAL,
        DERIVED;

        String fileName(int index) {
            return name().toLowerCase(Locale.ROOT) + "-" + (index + 1) + ".raw.gz";
        }
    }

    private static final Logger LOG = Logger.getLogger(PreviewStore.class);
    private static final String META = "preview.properties";
    /** UIDs: digits and dots, so they are safe folder names (and nothing else can name one). */
    private static final Pattern UID = Pattern.compile("[0-9][0-9.]{0,63}");

    private final Path root;
    private final PixelDecoder decoder;
    private final int maxInstances;
    private final long maxBytes;
    private final int maxFrames;

    public PreviewStore(Path root, PixelDecoder decoder, int maxInstances, long maxBytes, int maxFrames) {
        if (maxInstances < 1 || maxBytes < 1 || maxFrames < 1) {
            throw new IllegalArgumentException(
                    "gateway.console.previews: max-instances, max-bytes and max-frames " + "must be at least 1");
        }
        this.root = root;
        this.decoder = decoder;
        this.maxInstances = maxInstances;
        this.maxBytes = maxBytes;
        this.maxFrames = maxFrames;
    }

    public Path root() {
        return root;
    }

    public static boolean isUid(String value) {
        return value != null && UID.matcher(value).matches();
    }

    /**
     * Decodes both objects and keeps their first frames, replacing an earlier preview of the same derived instance;
     * then applies the retention.
     *
     * @return the preview, or empty when the pair cannot be shown (not decodable, different sizes): logged
     */
    public Optional<Preview> put(
            String derivedSopInstanceUid,
            String sourceSopInstanceUid,
            String model,
            Path source,
            Path derived,
            double blurScoreIn,
            double blurScoreOut)
            throws IOException {
        if (!isUid(derivedSopInstanceUid)) {
            throw new IllegalArgumentException("not a SOP Instance UID: '" + derivedSopInstanceUid + "'");
        }
        PixelDecoding before = decoder.decode(source);
        PixelDecoding after = decoder.decode(derived);
        if (before instanceof PassThrough p) {
            LOG.warnf("DGW-CON-040 no preview of %s: its source cannot be decoded here (%s)", derivedSopInstanceUid, p);
            return Optional.empty();
        }
        if (after instanceof PassThrough p) {
            LOG.warnf("DGW-CON-040 no preview of %s: it cannot be decoded here (%s)", derivedSopInstanceUid, p);
            return Optional.empty();
        }
        DecodedImage original = (DecodedImage) before;
        DecodedImage result = (DecodedImage) after;
        PixelLayout layout = original.layout();
        PixelLayout derivedLayout = result.layout();
        if (layout.rows() != derivedLayout.rows()
                || layout.columns() != derivedLayout.columns()
                || layout.channels() != derivedLayout.channels()
                || layout.frameCount() != derivedLayout.frameCount()) {
            LOG.warnf(
                    "DGW-CON-041 no preview of %s: %dx%dx%d x%d derived from %dx%dx%d x%d",
                    derivedSopInstanceUid,
                    derivedLayout.columns(),
                    derivedLayout.rows(),
                    derivedLayout.channels(),
                    derivedLayout.frameCount(),
                    layout.columns(),
                    layout.rows(),
                    layout.channels(),
                    layout.frameCount());
            return Optional.empty();
        }
        Files.createDirectories(root);
        Path part = Files.createTempDirectory(root, ".part-");
        try {
            int stored = Math.min(layout.frameCount(), maxFrames);
            List<PreviewFrame> frames = new ArrayList<>();
            for (int i = 0; i < stored; i++) {
                Frame a = original.frames().frame(i);
                Frame b = result.frames().frame(i);
                writeSamples(a, part.resolve(Side.ORIGINAL.fileName(i)));
                writeSamples(b, part.resolve(Side.DERIVED.fileName(i)));
                double[] window = percentileWindow(a);
                frames.add(new PreviewFrame(i, BlurEffect.of(a), BlurEffect.of(b), window[0], window[1]));
            }
            Preview preview = new Preview(
                    derivedSopInstanceUid,
                    sourceSopInstanceUid,
                    model,
                    layout.columns(),
                    layout.rows(),
                    layout.channels(),
                    layout.bitsStored(),
                    layout.signed(),
                    layout.photometric(),
                    layout.frameCount(),
                    blurScoreIn,
                    blurScoreOut,
                    Instant.now(),
                    frames);
            writeMeta(preview, part.resolve(META));
            Path target = root.resolve(derivedSopInstanceUid);
            deleteTree(target);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            applyRetention();
            return Optional.of(preview);
        } finally {
            deleteTree(part);
        }
    }

    /** The preview of a derived instance, if kept. */
    public Optional<Preview> get(String derivedSopInstanceUid) throws IOException {
        if (!isUid(derivedSopInstanceUid)) {
            return Optional.empty();
        }
        Path meta = root.resolve(derivedSopInstanceUid).resolve(META);
        try (Reader in = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(in);
            return Optional.of(readMeta(derivedSopInstanceUid, p));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new IOException("unreadable preview " + meta + ": " + e, e);
        }
    }

    /** The gzip-compressed samples of one stored frame, if kept. */
    public Optional<Path> frameFile(String derivedSopInstanceUid, int index, Side side) {
        if (!isUid(derivedSopInstanceUid) || index < 0) {
            return Optional.empty();
        }
        Path file = root.resolve(derivedSopInstanceUid).resolve(side.fileName(index));
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Previews kept now. */
    public int count() throws IOException {
        return previewFolders().size();
    }

    /** Bytes under the store's folder now. */
    public long bytes() throws IOException {
        long total = 0;
        for (Path folder : previewFolders()) {
            total += size(folder);
        }
        return total;
    }

    /** Removes the oldest previews until both bounds hold. */
    public void applyRetention() throws IOException {
        List<Path> folders = new ArrayList<>(previewFolders());
        folders.sort(Comparator.comparing(PreviewStore::createdOf));
        long bytes = 0;
        List<Long> sizes = new ArrayList<>();
        for (Path folder : folders) {
            long size = size(folder);
            sizes.add(size);
            bytes += size;
        }
        int removed = 0;
        for (int i = 0; i < folders.size() && (folders.size() - removed > maxInstances || bytes > maxBytes); i++) {
            deleteTree(folders.get(i));
            bytes -= sizes.get(i);
            removed++;
        }
        if (removed > 0) {
            LOG.debugf("removed %d preview(s) beyond %d instances / %d bytes", removed, maxInstances, maxBytes);
        }
    }

    private List<Path> previewFolders() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (isUid(entry.getFileName().toString()) && Files.isDirectory(entry)) {
                    folders.add(entry);
                }
            }
        }
        return folders;
    }

    private static Instant createdOf(Path folder) {
        try (Reader in = Files.newBufferedReader(folder.resolve(META), StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(in);
            return Instant.parse(p.getProperty("created"));
        } catch (IOException | RuntimeException e) {
            return Instant.EPOCH; // unreadable: removed first
        }
    }

    /** Samples as little-endian 16-bit values, gzip-compressed (fast level: the files are written once). */
    private static void writeSamples(Frame frame, Path file) throws IOException {
        int[] samples = frame.samples();
        byte[] row = new byte[8192];
        try (OutputStream out =
                new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16) {
                    {
                        def.setLevel(1);
                    }
                }) {
            int n = 0;
            for (int s : samples) {
                row[n++] = (byte) s;
                row[n++] = (byte) (s >> 8);
                if (n == row.length) {
                    out.write(row, 0, n);
                    n = 0;
                }
            }
            out.write(row, 0, n);
        }
    }

    /** Centre and width spanning the 0.5 .. 99.5 percentiles of the frame's samples (all channels). */
    static double[] percentileWindow(Frame frame) {
        int min = frame.minValue();
        int[] histogram = new int[frame.maxValue() - min + 1];
        int[] samples = frame.samples();
        for (int s : samples) {
            histogram[s - min]++;
        }
        long low = (long) Math.floor(samples.length * 0.005);
        long high = (long) Math.ceil(samples.length * 0.995) - 1;
        int lo = -1;
        int hi = -1;
        long seen = 0;
        for (int v = 0; v < histogram.length; v++) {
            seen += histogram[v];
            if (lo < 0 && seen > low) {
                lo = v;
            }
            if (seen > high) {
                hi = v;
                break;
            }
        }
        double width = Math.max(1, hi - lo);
        return new double[] {min + lo + width / 2.0, width};
    }

    private static void writeMeta(Preview preview, Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("source", preview.sourceSopInstanceUid());
        p.setProperty("model", preview.model());
        p.setProperty("width", Integer.toString(preview.width()));
        p.setProperty("height", Integer.toString(preview.height()));
        p.setProperty("channels", Integer.toString(preview.channels()));
        p.setProperty("bitsStored", Integer.toString(preview.bitsStored()));
        p.setProperty("signed", Boolean.toString(preview.signed()));
        p.setProperty("photometric", preview.photometric());
        p.setProperty("frameCount", Integer.toString(preview.frameCount()));
        p.setProperty("blurScoreIn", Double.toString(preview.blurScoreIn()));
        p.setProperty("blurScoreOut", Double.toString(preview.blurScoreOut()));
        p.setProperty("created", preview.created().toString());
        p.setProperty("framesStored", Integer.toString(preview.frames().size()));
        for (PreviewFrame f : preview.frames()) {
            String key = "frame." + f.index() + ".";
            p.setProperty(key + "blurScoreIn", Double.toString(f.blurScoreIn()));
            p.setProperty(key + "blurScoreOut", Double.toString(f.blurScoreOut()));
            p.setProperty(key + "windowCentre", Double.toString(f.windowCentre()));
            p.setProperty(key + "windowWidth", Double.toString(f.windowWidth()));
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "before/after preview of a derived instance");
        }
    }

    private static Preview readMeta(String uid, Properties p) {
        int stored = Integer.parseInt(p.getProperty("framesStored"));
        List<PreviewFrame> frames = new ArrayList<>();
        for (int i = 0; i < stored; i++) {
            String key = "frame." + i + ".";
            frames.add(new PreviewFrame(
                    i,
                    Double.parseDouble(p.getProperty(key + "blurScoreIn")),
                    Double.parseDouble(p.getProperty(key + "blurScoreOut")),
                    Double.parseDouble(p.getProperty(key + "windowCentre")),
                    Double.parseDouble(p.getProperty(key + "windowWidth"))));
        }
        return new Preview(
                uid,
                p.getProperty("source"),
                p.getProperty("model"),
                Integer.parseInt(p.getProperty("width")),
                Integer.parseInt(p.getProperty("height")),
                Integer.parseInt(p.getProperty("channels")),
                Integer.parseInt(p.getProperty("bitsStored")),
                Boolean.parseBoolean(p.getProperty("signed")),
                p.getProperty("photometric"),
                Integer.parseInt(p.getProperty("frameCount")),
                Double.parseDouble(p.getProperty("blurScoreIn")),
                Double.parseDouble(p.getProperty("blurScoreOut")),
                Instant.parse(p.getProperty("created")),
                frames);
    }

    private static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            long total = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                try {
                    total += Files.size(f);
                } catch (NoSuchFileException e) {
                    // removed meanwhile
                }
            }
            return total;
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            // removed meanwhile
        }
    }
}
