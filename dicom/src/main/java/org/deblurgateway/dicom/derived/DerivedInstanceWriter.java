package org.deblurgateway.dicom.derived;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;
import org.deblurgateway.dicom.FileMetaInformation;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.dicom.files.DurableFiles;
import org.deblurgateway.dicom.pixels.FrameSupplier;
import org.deblurgateway.dicom.pixels.PixelLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the derived instance of a source object: the source's attributes made into a clearly derived instance
 * (see {@link DerivedAttributes}) with the network's frames as uncompressed pixel data, Explicit VR Little Endian.
 *
 * <p>The file is {@code <targetFolder>/<derived SOP Instance UID>.dcm}. It is written under a temporary name in the
 * same folder ({@code .<uid>.<random>.part}), forced to disk, renamed into place atomically and the folder forced,
 * so a reader sees either no file or the whole file. Writing the same source with the same model again gives the
 * same UIDs and replaces the file, so a redone step never makes a second instance.
 *
 * <p>What the derived instance says, and which IODs need special handling, is in {@link DerivedAttributes},
 * {@link SourceReferences} and {@link IodRules}; the private quality tags are listed in {@link QualityTags}.
 * Instances hold no state but the settings, so one writer may serve any number of threads.
 */
public final class DerivedInstanceWriter {

    private static final Logger LOG = LoggerFactory.getLogger(DerivedInstanceWriter.class);
    private static final int BUFFER = 256 * 1024;

    private final DerivedSeriesSettings settings;

    public DerivedInstanceWriter(DerivedSeriesSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param sourceFile   the source object (any transfer syntax PixelMed can parse; its pixel data is not read)
     * @param layout       how {@code frames} are laid out; rows, columns and frame count must match the source
     * @param frames       the derived frames, in the source's frame order
     * @param provenance   the model run that made them
     * @param targetFolder existing folder the derived file goes into
     * @return what was written
     * @throws IOException              when the source cannot be read or the file cannot be written
     * @throws IllegalArgumentException when layout, frames and source do not agree
     */
    public DerivedInstance write(
            Path sourceFile, PixelLayout layout, FrameSupplier frames, Provenance provenance, Path targetFolder)
            throws IOException {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(provenance.processedAt(), "provenance.processedAt");
        NativePixelData pixels = new NativePixelData(layout);
        pixels.checkFits(frames);
        SourceObject source = SourceObject.read(sourceFile);
        AttributeList list = source.attributes();
        Derivation derivation = derivation(list, provenance);
        checkGeometry(list, layout, derivation);
        long uncompressedSourceBytes = uncompressedPixelBytes(list, derivation);
        try {
            DerivedAttributes.apply(list, source, derivation, pixels, layout.sourceLossy(), uncompressedSourceBytes);
        } catch (DicomException e) {
            throw new IOException("derived attributes cannot be built: " + e.getMessage(), e);
        }
        Path target = targetFolder.resolve(derivation.instanceUid() + ".dcm");
        Path part = targetFolder.resolve("." + derivation.instanceUid() + "." + UUID.randomUUID() + ".part");
        try {
            writeFile(part, list, derivation, pixels, frames);
            DurableFiles.rename(part, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        LOG.debug(
                "Derived instance {} (series {}) of {} written by model {} {}",
                derivation.instanceUid(),
                derivation.seriesUid(),
                derivation.sourceSopInstanceUid(),
                provenance.modelId(),
                provenance.modelVersion());
        return new DerivedInstance(
                derivation.sourceSopClassUid(), derivation.instanceUid(), derivation.seriesUid(), target);
    }

    private Derivation derivation(AttributeList list, Provenance provenance) throws IOException {
        String sopClass = required(list, TagFromName.SOPClassUID, "SOP Class UID");
        String sopInstance = required(list, TagFromName.SOPInstanceUID, "SOP Instance UID");
        String study = required(list, TagFromName.StudyInstanceUID, "Study Instance UID");
        String series = required(list, TagFromName.SeriesInstanceUID, "Series Instance UID");
        boolean hasFrameCount = list.get(TagFromName.NumberOfFrames) != null;
        int frames = Math.max(1, AttributeEdits.integer(list, TagFromName.NumberOfFrames, 1));
        boolean multiFrame = hasFrameCount && !IodRules.isSingleFrame(sopClass);
        return new Derivation(
                sopClass,
                sopInstance,
                study,
                series,
                frames,
                multiFrame,
                DerivedUids.seriesUid(series, provenance.modelId()),
                DerivedUids.instanceUid(sopInstance, provenance.modelId()),
                provenance,
                settings);
    }

    /**
     * The source's UIDs are copied or hashed, never used as file names, so a malformed one (some archives hold
     * them) is carried as it is; only a missing one stops the derivation.
     */
    private static String required(AttributeList list, AttributeTag tag, String name) throws IOException {
        String uid = AttributeEdits.uid(list, tag);
        if (uid.isEmpty()) {
            throw new IOException("source has no " + name);
        }
        return uid;
    }

    /** The frames replace the source's: same size and count, or geometry attributes would describe other pixels. */
    private static void checkGeometry(AttributeList list, PixelLayout layout, Derivation d) {
        int rows = AttributeEdits.integer(list, TagFromName.Rows, -1);
        int columns = AttributeEdits.integer(list, TagFromName.Columns, -1);
        int frames = d.sourceFrames();
        if (rows != layout.rows() || columns != layout.columns() || frames != layout.frameCount()) {
            throw new IllegalArgumentException("layout " + layout.columns() + "x" + layout.rows() + " x "
                    + layout.frameCount() + " frames does not match the source's " + columns + "x" + rows + " x "
                    + frames + " frames");
        }
    }

    private static long uncompressedPixelBytes(AttributeList list, Derivation d) {
        long rows = AttributeEdits.integer(list, TagFromName.Rows, 0);
        long columns = AttributeEdits.integer(list, TagFromName.Columns, 0);
        long samples = AttributeEdits.integer(list, TagFromName.SamplesPerPixel, 1);
        long bits = AttributeEdits.integer(list, TagFromName.BitsAllocated, 8);
        return rows * columns * samples * d.sourceFrames() * ((bits + 7) / 8);
    }

    private static void writeFile(
            Path part, AttributeList list, Derivation d, NativePixelData pixels, FrameSupplier frames)
            throws IOException {
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
            out.write(FileMetaInformation.bytes(
                    d.sourceSopClassUid(), d.instanceUid(), TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, null));
            DicomOutputStream dicom = new DicomOutputStream(out, null, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN);
            try {
                list.write(dicom);
            } catch (DicomException e) {
                throw new IOException("derived attributes cannot be encoded: " + e.getMessage(), e);
            }
            dicom.flush();
            pixels.write(out, frames);
            out.flush();
            channel.force(true);
        }
    }
}
