package org.deblurgateway.model.imageio;

import java.nio.file.Path;
import java.util.Locale;

/** The image file formats the evaluation reads and writes. */
public enum ImageFormat {

    /** PNG: lossless, 8-bit or 16-bit, grey or RGB. */
    PNG("png"),

    /** JPEG baseline, 8-bit grey or RGB; written at quality 95, so writing is lossy. */
    JPEG("jpeg");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The ImageIO format name. */
    String imageIoName() {
        return imageIoName;
    }

    /** The format named by a file's extension ({@code .png}, {@code .jpg}, {@code .jpeg}, any case). */
    public static ImageFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return PNG;
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return JPEG;
        }
        throw new IllegalArgumentException(
                "unsupported image file type: " + file.getFileName() + " (expected .png, .jpg or .jpeg)");
    }
}
