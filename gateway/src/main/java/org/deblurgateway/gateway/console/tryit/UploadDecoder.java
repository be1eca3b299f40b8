package org.deblurgateway.gateway.console.tryit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deblurgateway.dicom.pixels.DecodedImage;
import org.deblurgateway.dicom.pixels.PassThrough;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.dicom.pixels.PixelDecoding;
import org.deblurgateway.dicom.pixels.PixelLayout;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.imageio.ImageFiles;

/**
 * Turns an upload into a frame: PNG and JPEG decoded in memory; DICOM (Part 10, "DICM" at byte 128) through the
 * pipeline's own pixel decoder, which reads files: the upload is written to a scratch file that is removed as soon as
 * it is decoded. Anything else, or a damaged file, is an {@link UploadRejected} with the reason.
 */
public final class UploadDecoder {

    private final PixelDecoder pixels;
    private final Path scratch;
    private final long maxPixels;

    public UploadDecoder(PixelDecoder pixels, Path scratch, long maxPixels) {
        this.pixels = pixels;
        this.scratch = scratch;
        this.maxPixels = maxPixels;
    }

    public UploadedImage decode(byte[] content, String name) throws UploadRejected {
        if (content.length == 0) {
            throw new UploadRejected(400, "the upload is empty");
        }
        UploadedImage image = isDicom(content) ? decodeDicom(content, name) : decodeImage(content, name);
        Frame frame = image.frame();
        if (frame.pixelCount() > maxPixels) {
            throw new UploadRejected(
                    413,
                    name + " is " + frame.width() + "x" + frame.height() + " = "
                            + frame.pixelCount() + " pixels, more than the " + maxPixels
                            + " Try it accepts (gateway.console.try-it.max-pixels)");
        }
        return image;
    }

    static boolean isDicom(byte[] content) {
        return content.length >= 132
                && content[128] == 'D'
                && content[129] == 'I'
                && content[130] == 'C'
                && content[131] == 'M';
    }

    private static UploadedImage decodeImage(byte[] content, String name) throws UploadRejected {
        boolean png = content.length >= 8
                && (content[0] & 0xFF) == 0x89
                && content[1] == 'P'
                && content[2] == 'N'
                && content[3] == 'G';
        boolean jpeg = content.length >= 3 && (content[0] & 0xFF) == 0xFF && (content[1] & 0xFF) == 0xD8;
        if (!png && !jpeg) {
            throw new UploadRejected(
                    415,
                    name + " is not a PNG, JPEG or DICOM file (DICOM needs its Part 10 "
                            + "header: 128 bytes, then \"DICM\")");
        }
        try {
            return new UploadedImage(png ? "PNG" : "JPEG", ImageFiles.read(content, name), false, "");
        } catch (IOException e) {
            throw new UploadRejected(422, e.getMessage());
        }
    }

    private UploadedImage decodeDicom(byte[] content, String name) throws UploadRejected {
        Path file = null;
        try {
            Files.createDirectories(scratch);
            file = Files.createTempFile(scratch, "try-it-", ".dcm");
            Files.write(file, content);
            PixelDecoding decoding = pixels.decode(file);
            if (decoding instanceof PassThrough pass) {
                throw new UploadRejected(
                        422,
                        name + " has no image the network can take: "
                                + pass.reason().code() + " (" + pass.detail() + ")");
            }
            DecodedImage image = (DecodedImage) decoding;
            PixelLayout layout = image.layout();
            Frame frame = image.frames().frame(0);
            String note = layout.frameCount() > 1 ? "frame 1 of " + layout.frameCount() + " deblurred" : "";
            return new UploadedImage("DICOM", frame, "MONOCHROME1".equals(layout.photometric()), note);
        } catch (IOException | RuntimeException e) {
            throw new UploadRejected(422, name + " could not be decoded: " + e.getMessage());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // the scratch folder is the pipeline's; a leftover is removed with it
                }
            }
        }
    }
}
