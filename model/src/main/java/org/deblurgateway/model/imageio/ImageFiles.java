package org.deblurgateway.model.imageio;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.deblurgateway.model.image.Frame;

/**
 * Reads PNG and JPEG files into {@link Frame}s and writes frames back, keeping the stored bit depth.
 *
 * <p>Read: PNG 8-bit grey / RGB / RGBA (alpha dropped) / grey+alpha / palette, PNG 16-bit grey or RGB (kept at 16
 * bits: the raster is read directly, never converted by ImageIO), JPEG 8-bit grey or RGB. Frames come back
 * unsigned with {@code bitsStored} 8 or 16. Decoder warnings (a truncated or corrupt file) are errors.
 *
 * <p>Write: PNG 8-bit (frames of up to 8 bits) or 16-bit (deeper frames), exact; JPEG 8-bit at quality 95,
 * which is LOSSY. Files are written to a temporary sibling and moved into place, so a failed write leaves no
 * half-written file.
 */
public final class ImageFiles {

    /** Largest image accepted (pixels): above it, decoding alone would need gigabytes. */
    public static final long MAX_PIXELS = 100_000_000L;

    /** JPEG quality used when writing. */
    public static final float JPEG_QUALITY = 0.95f;

    private ImageFiles() {}

    /** Reads a PNG or JPEG file (format from its content). */
    public static Frame read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not a readable image file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open " + file);
            }
            return read(in, file.getFileName().toString());
        }
    }

    /** Reads a PNG or JPEG image held in memory (an upload); {@code name} names it in error messages. */
    public static Frame read(byte[] content, String name) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            if (in == null) {
                throw new IOException("cannot open " + name);
            }
            return read(in, name);
        }
    }

    private static Frame read(ImageInputStream in, String name) throws IOException {
        ImageFormat format = sniff(in);
        if (format == null) {
            throw new IOException(name + " is not a PNG or JPEG image");
        }
        // By format name, not ImageIO.getImageReaders(): that asks every registered plugin (PixelMed's
        // print to stdout) and could hand the file to a DICOM-oriented reader.
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new IOException("no ImageIO reader for " + format);
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        try {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > MAX_PIXELS) {
                throw new IOException(name + " is " + reader.getWidth(0) + "x" + reader.getHeight(0)
                        + " pixels, more than the " + MAX_PIXELS + " this reader accepts");
            }
            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                throw new IOException(name + " is damaged: " + String.join("; ", warnings));
            }
            return toFrame(image, name);
        } catch (IIOException | IllegalArgumentException | IllegalStateException | ArrayIndexOutOfBoundsException e) {
            // Name the file; ImageIO reports some corrupt streams with runtime exceptions.
            throw new IOException(name + " could not be decoded: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    /** The format from the file's first bytes (PNG signature or JPEG SOI marker), or null; rewinds the stream. */
    private static ImageFormat sniff(ImageInputStream in) throws IOException {
        byte[] head = new byte[8];
        in.mark();
        int n = in.read(head);
        in.reset();
        if (n == 8
                && (head[0] & 0xFF) == 0x89
                && head[1] == 'P'
                && head[2] == 'N'
                && head[3] == 'G'
                && head[4] == '\r'
                && head[5] == '\n'
                && head[6] == 0x1A
                && head[7] == '\n') {
            return ImageFormat.PNG;
        }
        if (n >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return ImageFormat.JPEG;
        }
        return null;
    }

    /** Writes {@code frame} in the format named by the file's extension. */
    public static void write(Frame frame, Path file) throws IOException {
        write(frame, file, ImageFormat.of(file));
    }

    /** Writes {@code frame} as {@code format} (JPEG is lossy and 8-bit only). */
    public static void write(Frame frame, Path file, ImageFormat format) throws IOException {
        if (frame.signed()) {
            throw new IllegalArgumentException("image files hold unsigned samples; this frame is signed");
        }
        boolean deep = frame.bitsStored() > 8;
        if (deep && format == ImageFormat.JPEG) {
            throw new IllegalArgumentException(
                    "JPEG holds 8-bit samples; write this " + frame.bitsStored() + "-bit frame as PNG");
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
        try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                write(frame, os, format);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code frame} as {@code format} to a stream (a download), with the same rules as a file. */
    public static void write(Frame frame, OutputStream os, ImageFormat format) throws IOException {
        if (frame.signed()) {
            throw new IllegalArgumentException("image files hold unsigned samples; this frame is signed");
        }
        boolean deep = frame.bitsStored() > 8;
        if (deep && format == ImageFormat.JPEG) {
            throw new IllegalArgumentException(
                    "JPEG holds 8-bit samples; write this " + frame.bitsStored() + "-bit frame as PNG");
        }
        BufferedImage image = toImage(frame, deep);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(os)) {
            ImageWriter writer =
                    ImageIO.getImageWritersByFormatName(format.imageIoName()).next();
            try {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                if (format == ImageFormat.JPEG) {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(JPEG_QUALITY);
                }
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
        }
    }

    private static Frame toFrame(BufferedImage image, String file) throws IOException {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        if (cm instanceof IndexColorModel icm) {
            return fromPalette(image, icm);
        }
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int colourBands = cm.getColorSpace().getNumComponents();
        int type = cm.getColorSpace().getType();
        int channels;
        if (colourBands == 1 && type == ColorSpace.TYPE_GRAY) {
            channels = 1;
        } else if (colourBands == 3 && type == ColorSpace.TYPE_RGB) {
            channels = 3;
        } else {
            throw new IOException(file + ": unsupported colour space (" + colourBands + " components, type " + type
                    + "); expected grey or RGB");
        }
        if (bands < channels) {
            throw new IOException(file + ": " + bands + " bands for " + channels + " channels");
        }
        int bits = raster.getSampleModel().getSampleSize(0);
        if (bits > 16) {
            throw new IOException(file + ": " + bits + "-bit samples are not supported");
        }
        int[] samples = new int[w * h * channels];
        int[] band = new int[w * h];
        for (int c = 0; c < channels; c++) {
            raster.getSamples(0, 0, w, h, c, band);
            for (int i = 0, s = c; i < band.length; i++, s += channels) {
                samples[s] = band[i];
            }
        }
        return new Frame(w, h, channels, bits <= 8 ? 8 : 16, false, samples);
    }

    /** Palette (and 1/2/4-bit) images: grey if every palette entry is grey, else RGB; alpha dropped. */
    private static Frame fromPalette(BufferedImage image, IndexColorModel icm) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean grey = true;
        for (int i = 0; i < icm.getMapSize(); i++) {
            if (icm.getRed(i) != icm.getGreen(i) || icm.getGreen(i) != icm.getBlue(i)) {
                grey = false;
                break;
            }
        }
        int channels = grey ? 1 : 3;
        int[] samples = new int[w * h * channels];
        Raster raster = image.getRaster();
        int[] index = new int[1];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(x, y, index);
                int p = (y * w + x) * channels;
                if (grey) {
                    samples[p] = icm.getRed(index[0]);
                } else {
                    samples[p] = icm.getRed(index[0]);
                    samples[p + 1] = icm.getGreen(index[0]);
                    samples[p + 2] = icm.getBlue(index[0]);
                }
            }
        }
        return new Frame(w, h, channels, 8, false, samples);
    }

    private static BufferedImage toImage(Frame frame, boolean deep) {
        int w = frame.width();
        int h = frame.height();
        int channels = frame.channels();
        int max = deep ? 65535 : 255;
        for (int s : frame.samples()) {
            if (s < 0 || s > max) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "sample %d does not fit a %d-bit image file", s, deep ? 16 : 8));
            }
        }
        BufferedImage image;
        if (channels == 1) {
            image = new BufferedImage(w, h, deep ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
        } else if (!deep) {
            image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        } else {
            ColorModel cm = new ComponentColorModel(
                    ColorSpace.getInstance(ColorSpace.CS_sRGB),
                    new int[] {16, 16, 16},
                    false,
                    false,
                    Transparency.OPAQUE,
                    DataBuffer.TYPE_USHORT);
            image = new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
        }
        WritableRaster raster = image.getRaster();
        int[] band = new int[w * h];
        int[] samples = frame.samples();
        for (int c = 0; c < channels; c++) {
            for (int i = 0, s = c; i < band.length; i++, s += channels) {
                band[i] = samples[s];
            }
            raster.setSamples(0, 0, w, h, c, band);
        }
        return image;
    }
}
