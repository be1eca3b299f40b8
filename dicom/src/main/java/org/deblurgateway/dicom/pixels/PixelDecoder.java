package org.deblurgateway.dicom.pixels;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.deblurgateway.dicom.DeclaredLengths;
import org.deblurgateway.dicom.DicomUids;
import org.deblurgateway.dicom.MalformedDataSetException;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the pixel data of a stored DICOM object into frames for the network, or says why the object must pass
 * through unchanged.
 *
 * <p>Native pixel data (implicit/explicit VR little endian, explicit big endian, deflated) is read with PixelMed.
 * Encapsulated pixel data is decompressed by an external tool into a scratch folder (gdcm's {@code gdcmconv --raw},
 * then dcmtk's decoder of the syntax's family when gdcm is missing or fails; for RLE dcmtk first, see
 * {@link ExternalDecoder#standard()}) and the tool's output is read the same way. Raw cells are held once; each frame's int samples are built only when {@link FrameSupplier#frame} asks.
 *
 * <p>Thread-safe: no state is shared between calls; each external decode works in its own scratch subfolder, which
 * is deleted afterwards.
 */
public final class PixelDecoder {

    /** {@link PixelLayout#decodedWith()} for pixel data read as stored. */
    public static final String NATIVE = "native";

    private static final Logger LOG = LoggerFactory.getLogger(PixelDecoder.class);

    private final PixelLimits limits;
    private final Path scratchDir;
    private final List<ExternalDecoder> decoders;

    /**
     * @param limits     pixel budgets and the external decoder time limit
     * @param scratchDir folder for the external decoders' temporary files (created when missing)
     */
    public PixelDecoder(PixelLimits limits, Path scratchDir) {
        this(limits, scratchDir, ExternalDecoder.standard());
    }

    /** With other external decoders, in the order they are tried (tests: missing tools, slow tools). */
    PixelDecoder(PixelLimits limits, Path scratchDir, List<ExternalDecoder> decoders) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.scratchDir = Objects.requireNonNull(scratchDir, "scratchDir");
        this.decoders = List.copyOf(decoders);
    }

    /**
     * Decodes {@code dicomFile} (a DICOM Part 10 file, or a bare data set).
     *
     * @return the frames and their layout, or the pass-through reason; a malformed object is a pass-through, never
     *         an exception
     * @throws IOException the file cannot be read at all (missing, not a file, no permission), or the scratch folder
     *                     cannot be written
     */
    public PixelDecoding decode(Path dicomFile) throws IOException {
        checkReadable(dicomFile);
        try {
            return decodeReadable(dicomFile);
        } catch (NotDecodableException e) {
            LOG.debug("pixel data of {} passes through: {}", dicomFile.getFileName(), e.getMessage());
            return e.passThrough();
        }
    }

    private DecodedImage decodeReadable(Path file) throws NotDecodableException, IOException {
        refuseMalformed(file);
        DicomObjectReader.Header header = DicomObjectReader.readHeader(file);
        AttributeList received = header.attributes();
        refuseNonImage(received);
        refuseWithoutPixelData(header.pixelElement());
        ImagePixelModule module = ImagePixelModule.read(received);
        refuseOverBudget(module);
        String transferSyntax = header.transferSyntaxUid();
        boolean sourceLossy = PixelTransferSyntaxes.isLossy(transferSyntax)
                || "01".equals(text(received, TagFromName.LossyImageCompression));
        if (TransferSyntaxes.isNative(transferSyntax)) {
            return decodeNative(file, module, sourceLossy);
        }
        if (!PixelTransferSyntaxes.isFrameDecodable(transferSyntax)) {
            throw new NotDecodableException(
                    PassThroughReason.UNDECODABLE_TRANSFER_SYNTAX,
                    PixelTransferSyntaxes.describe(transferSyntax) + " is video or referenced pixel data;"
                            + " no decoder here turns it into frames");
        }
        return decodeCompressed(file, transferSyntax, module, sourceLossy);
    }

    /**
     * PixelMed allocates each element's declared length before reading it: a length field that lies (a damaged or
     * crafted file, e.g. a Try-it upload) would have it ask for gigabytes. Every length is checked against the file
     * first, by the walk every received data set passes.
     */
    private static void refuseMalformed(Path file) throws NotDecodableException, IOException {
        try {
            DeclaredLengths.check(file);
        } catch (MalformedDataSetException e) {
            throw ImagePixelModule.unsupported("data set is malformed: " + e.getMessage());
        }
    }

    private static void refuseNonImage(AttributeList list) throws NotDecodableException {
        String sopClass = DicomUids.trimPadding(text(list, TagFromName.SOPClassUID));
        if (sopClass.isEmpty()) {
            sopClass = DicomUids.trimPadding(text(list, TagFromName.MediaStorageSOPClassUID));
        }
        String kind = NonImageSopClasses.describe(sopClass);
        if (kind != null) {
            throw new NotDecodableException(
                    PassThroughReason.NON_IMAGE_SOP_CLASS, "SOP class " + sopClass + " is not an image: " + kind);
        }
    }

    private static void refuseWithoutPixelData(DicomObjectReader.PixelElement element) throws NotDecodableException {
        switch (element) {
            case PIXEL_DATA -> {}
            case FLOAT_PIXEL_DATA ->
                throw new NotDecodableException(PassThroughReason.FLOAT_PIXELS, "Float Pixel Data (7FE0,0008)");
            case DOUBLE_FLOAT_PIXEL_DATA ->
                throw new NotDecodableException(PassThroughReason.FLOAT_PIXELS, "Double Float Pixel Data (7FE0,0009)");
            default ->
                throw new NotDecodableException(PassThroughReason.NO_PIXEL_DATA, "no Pixel Data (7FE0,0010) element");
        }
    }

    /** The budgets bound memory, so they count samples: an RGB pixel costs three. */
    private void refuseOverBudget(ImagePixelModule module) throws NotDecodableException {
        String frame = module.rows() + "x" + module.columns()
                + (module.samplesPerPixel() > 1 ? " x " + module.samplesPerPixel() + " samples" : "");
        if (module.frameSamples() > limits.maxFramePixels()) {
            throw new NotDecodableException(
                    PassThroughReason.OVER_PIXEL_BUDGET,
                    "a frame of " + frame + " = " + module.frameSamples() + " samples exceeds the frame budget of "
                            + limits.maxFramePixels());
        }
        if (module.instanceSamples() > limits.maxInstancePixels()) {
            throw new NotDecodableException(
                    PassThroughReason.OVER_PIXEL_BUDGET,
                    module.frames() + " frames of "
                            + frame + " = " + module.instanceSamples() + " samples exceed the instance budget of "
                            + limits.maxInstancePixels());
        }
    }

    private static DecodedImage decodeNative(Path file, ImagePixelModule module, boolean sourceLossy)
            throws NotDecodableException, IOException {
        if (ImagePixelModule.YBR_RCT.equals(module.photometric())
                || ImagePixelModule.YBR_ICT.equals(module.photometric())) {
            throw ImagePixelModule.unsupported(
                    module.photometric() + " in native pixel data (it only describes" + " JPEG 2000 compressed data)");
        }
        DicomObjectReader.Whole whole = DicomObjectReader.readWhole(file);
        PixelCells cells = cellsOf(whole.attributes(), module, TransferSyntaxes.isBigEndian(whole.transferSyntaxUid()));
        return new DecodedImage(
                layout(module, module.bitsStored(), sourceLossy, NATIVE), NativeFrames.of(cells, module));
    }

    private DecodedImage decodeCompressed(
            Path file, String transferSyntax, ImagePixelModule received, boolean sourceLossy)
            throws NotDecodableException, IOException {
        Files.createDirectories(scratchDir);
        Path work = Files.createTempDirectory(scratchDir, "decode-");
        try {
            List<String> failures = new ArrayList<>();
            for (ExternalDecoder decoder : decoders) {
                if (!decoder.handles().test(transferSyntax)) {
                    continue;
                }
                Path out = work.resolve(decoder.name() + ".dcm");
                try {
                    decoder.run(file, out, work, limits.decoderTimeout());
                    return readDecoderOutput(out, decoder.name(), received, sourceLossy);
                } catch (NotDecodableException e) {
                    LOG.debug("{} could not decode {}: {}", decoder.name(), file.getFileName(), e.detail());
                    failures.add(e.detail());
                }
            }
            throw new NotDecodableException(
                    PassThroughReason.UNDECODABLE_TRANSFER_SYNTAX,
                    PixelTransferSyntaxes.describe(transferSyntax) + ": "
                            + (failures.isEmpty() ? "no decoder for it" : String.join("; ", failures)));
        } finally {
            deleteRecursively(work);
        }
    }

    /**
     * Reads what a decoder wrote and checks it is the received image, uncompressed. Decoders may change the
     * Photometric Interpretation (gdcm writes RGB for JPEG 2000 YBR_ICT/YBR_RCT and YBR_FULL for JPEG YBR_FULL_422,
     * dcmtk converts JPEG YCbCr to RGB), so the output's own module describes the cells. gdcm also writes the
     * JPEG 2000 codestream's precision as Bits Stored; the object's own value is kept when every sample fits in it.
     */
    private static DecodedImage readDecoderOutput(Path out, String tool, ImagePixelModule received, boolean sourceLossy)
            throws NotDecodableException, IOException {
        try {
            DicomObjectReader.Whole whole = DicomObjectReader.readWhole(out);
            if (!TransferSyntaxes.isNative(whole.transferSyntaxUid())) {
                throw ImagePixelModule.unsupported("transfer syntax " + whole.transferSyntaxUid());
            }
            ImagePixelModule decoded = asDecoded(ImagePixelModule.read(whole.attributes()));
            if (decoded.rows() != received.rows()
                    || decoded.columns() != received.columns()
                    || decoded.frames() != received.frames()
                    || decoded.samplesPerPixel() != received.samplesPerPixel()) {
                throw ImagePixelModule.unsupported(describe(decoded) + ", the object says " + describe(received));
            }
            PixelCells cells =
                    cellsOf(whole.attributes(), decoded, TransferSyntaxes.isBigEndian(whole.transferSyntaxUid()));
            NativeFrames frames = NativeFrames.of(cells, decoded);
            if (decoded.bitsStored() != received.bitsStored() && decoded.signed() == received.signed()) {
                NativeFrames asReceived = frames.relabelled(received.bitsStored());
                frames = asReceived == null ? frames : asReceived;
            }
            return new DecodedImage(layout(decoded, frames.bitsStored(), sourceLossy, tool), frames);
        } catch (NotDecodableException e) {
            throw new NotDecodableException(
                    PassThroughReason.UNDECODABLE_TRANSFER_SYNTAX, tool + " output unusable: " + e.detail());
        }
    }

    /**
     * JPEG 2000 decoders apply the inverse component transform, so cells still labelled YBR_RCT / YBR_ICT hold RGB
     * (PS3.5 8.2.4).
     */
    private static ImagePixelModule asDecoded(ImagePixelModule module) {
        String photometric = module.photometric();
        if (!ImagePixelModule.YBR_RCT.equals(photometric) && !ImagePixelModule.YBR_ICT.equals(photometric)) {
            return module;
        }
        return new ImagePixelModule(
                ImagePixelModule.RGB,
                module.samplesPerPixel(),
                module.rows(),
                module.columns(),
                module.frames(),
                module.bitsAllocated(),
                module.bitsStored(),
                module.highBit(),
                module.signed(),
                module.planarConfiguration());
    }

    private static String describe(ImagePixelModule module) {
        return module.frames() + " frame(s) of " + module.rows() + "x" + module.columns() + "x"
                + module.samplesPerPixel();
    }

    private static PixelCells cellsOf(AttributeList list, ImagePixelModule module, boolean bigEndian)
            throws NotDecodableException {
        Attribute pixelData = list.get(TagFromName.PixelData);
        if (pixelData == null) {
            throw ImagePixelModule.unsupported("Pixel Data cannot be read (truncated or malformed)");
        }
        try {
            if (ValueRepresentation.isOtherWordVR(pixelData.getVR())) {
                short[] words = pixelData.getShortValues();
                return module.bitsAllocated() == 8 ? new PixelCells.BytesInWords(words) : new PixelCells.Words(words);
            }
            byte[] bytes = pixelData.getByteValues();
            return module.bitsAllocated() == 8
                    ? new PixelCells.Bytes(bytes)
                    : new PixelCells.WordsInBytes(bytes, bigEndian);
        } catch (Exception e) {
            throw ImagePixelModule.unsupported("Pixel Data cannot be read: " + e);
        }
    }

    private static PixelLayout layout(
            ImagePixelModule module, int bitsStored, boolean sourceLossy, String decodedWith) {
        return new PixelLayout(
                module.decodedPhotometric(),
                module.rows(),
                module.columns(),
                module.frames(),
                module.bitsAllocated(),
                bitsStored,
                module.signed(),
                sourceLossy,
                decodedWith);
    }

    private static void checkReadable(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a directory, not a DICOM file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.read();
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("PIXELS-001 could not delete decoder scratch folder {}: {}", folder, e.toString());
        }
    }

    private static String text(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        return a == null ? "" : a.getSingleStringValueOrEmptyString().trim();
    }
}
