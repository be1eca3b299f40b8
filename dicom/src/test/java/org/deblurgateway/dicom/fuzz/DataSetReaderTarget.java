package org.deblurgateway.dicom.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.deblurgateway.dicom.DataSetLimit;
import org.deblurgateway.dicom.DataSetReader;
import org.deblurgateway.dicom.DataSetSummary;
import org.deblurgateway.dicom.MalformedDataSetException;
import org.deblurgateway.dicom.ObjectTooLargeException;
import org.deblurgateway.dicom.TransferSyntaxes;

/**
 * The read-back of a received data set ({@link DataSetReader}), in process: the mutated data set is written after
 * a fixed-size header, as the spool writes it, and read with the seed's transfer syntax (sometimes another native
 * one, as a peer may negotiate). Documented answers: a summary, or {@link MalformedDataSetException} (which
 * includes {@link ObjectTooLargeException}).
 */
final class DataSetReaderTarget implements FuzzTarget {

    private static final List<String> NATIVE = List.of(
            TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN,
            TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
    /** Stands for the preamble and meta header in front of the data set. */
    private static final int OFFSET = 132;

    private final Path file;
    private final DataSetLimit limit;

    /**
     * @param scratch folder for the one file each case is written to
     * @param limit   the largest data set taken (a small one makes length lies and deflate bombs cheap to refuse)
     */
    DataSetReaderTarget(Path scratch, DataSetLimit limit) throws IOException {
        Files.createDirectories(scratch);
        this.file = scratch.resolve("reader-case.dcm");
        this.limit = limit;
    }

    @Override
    public String name() {
        return "data-set-reader";
    }

    @Override
    public FuzzInput input(Seeds.Seed seed, Seeds.Seed partner, SplittableRandom random) {
        FuzzInput mutated = FuzzInput.mutatedDataSet(seed, partner, random);
        // Sometimes the same bytes under another native syntax: a reader must refuse what it cannot parse.
        return random.nextInt(8) == 0 ? mutated.claiming(NATIVE.get(random.nextInt(NATIVE.size()))) : mutated;
    }

    @Override
    public CaseResult run(FuzzInput input) throws IOException {
        byte[] bytes = new byte[OFFSET + input.bytes().length];
        System.arraycopy(input.bytes(), 0, bytes, OFFSET, input.bytes().length);
        Files.write(file, bytes);
        try {
            DataSetSummary summary = DataSetReader.read(file, OFFSET, input.transferSyntax(), limit);
            return CaseResult.accepted(summary.sopInstanceUid().isEmpty() ? "summary without UID" : "summary");
        } catch (ObjectTooLargeException e) {
            return CaseResult.refused("ObjectTooLargeException");
        } catch (MalformedDataSetException e) {
            return CaseResult.refused("MalformedDataSetException");
        }
    }
}
