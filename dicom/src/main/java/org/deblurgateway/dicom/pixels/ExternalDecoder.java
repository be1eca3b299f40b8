package org.deblurgateway.dicom.pixels;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.deblurgateway.dicom.TransferSyntaxes;

/**
 * A command-line tool that rewrites a compressed DICOM file with native pixel data ({@code TOOL [ARGS] IN OUT}):
 * gdcm's {@code gdcmconv --raw} for everything it knows, dcmtk's {@code dcmdjpeg} / {@code dcmdjpls} /
 * {@code dcmdrle} for their families. Runs under a time limit; the process is killed when it runs over.
 *
 * @param name       what {@link PixelLayout#decodedWith()} reports
 * @param command    the executable and its options before IN OUT
 * @param handles    transfer syntaxes the tool is asked to decode
 */
record ExternalDecoder(String name, List<String> command, Predicate<String> handles) {

    private static final int DETAIL_CHARS = 300;
    private static final int LOG_TAIL_BYTES = 16 * 1024;

    private static final Set<String> JPEG_PROCESSES = Set.of(
            "1.2.840.10008.1.2.4.50",
            "1.2.840.10008.1.2.4.51",
            "1.2.840.10008.1.2.4.53",
            "1.2.840.10008.1.2.4.55",
            "1.2.840.10008.1.2.4.57",
            "1.2.840.10008.1.2.4.70");
    private static final Set<String> JPEG_LS = Set.of("1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81");

    /**
     * In the order they are tried: gdcm (JPEG, JPEG-LS, JPEG 2000, RLE), then the dcmtk tool of the syntax's family
     * - except RLE, where dcmtk goes first: gdcm 3.0.21 scrambles the byte planes of 16-bit RGB RLE (its output
     * differed from the uncompressed original, pydicom and dcmdrle in every pixel) while exiting 0.
     */
    static List<ExternalDecoder> standard() {
        return List.of(
                new ExternalDecoder("dcmdrle", List.of("dcmdrle"), TransferSyntaxes.RLE_LOSSLESS::equals),
                new ExternalDecoder("gdcmconv", List.of("gdcmconv", "--raw"), ts -> true),
                new ExternalDecoder("dcmdjpeg", List.of("dcmdjpeg"), JPEG_PROCESSES::contains),
                new ExternalDecoder("dcmdjpls", List.of("dcmdjpls"), JPEG_LS::contains));
    }

    /**
     * Decodes {@code in} into {@code out}; the tool's console output goes to a log file in {@code workDir}.
     *
     * @throws NotDecodableException the tool is missing, fails, times out or writes nothing; the detail quotes its
     *                               output
     * @throws IOException           the work folder cannot be written, or the thread was interrupted
     */
    void run(Path in, Path out, Path workDir, Duration timeout) throws NotDecodableException, IOException {
        Path log = Files.createTempFile(workDir, name, ".log");
        List<String> argv = new ArrayList<>(command);
        argv.add(in.toAbsolutePath().toString());
        argv.add(out.toAbsolutePath().toString());
        Process process;
        try {
            process = new ProcessBuilder(argv)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw failure("cannot be started (" + e.getMessage() + ")");
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw failure("timed out after " + timeout.toMillis() + " ms and was killed");
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(name + " interrupted");
        }
        int exit = process.exitValue();
        String output = tail(log, in, out);
        if (exit != 0) {
            throw failure("exit " + exit + (output.isEmpty() ? "" : ": " + output));
        }
        if (!Files.isRegularFile(out) || Files.size(out) == 0) {
            throw failure("wrote no output" + (output.isEmpty() ? "" : ": " + output));
        }
    }

    private NotDecodableException failure(String what) {
        return new NotDecodableException(PassThroughReason.UNDECODABLE_TRANSFER_SYNTAX, name + " " + what);
    }

    private static void kill(Process process) throws InterruptedIOException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            // Wait for it to be gone so it writes nothing into the work folder after it is deleted.
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while killing a decoder");
        }
    }

    /** The end of the tool's output, on one line, with the scratch paths shortened to IN and OUT. */
    private static String tail(Path log, Path in, Path out) throws IOException {
        byte[] end;
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            // A tool may print a warning per element; only the end says why it stopped.
            long from = Math.max(0, channel.size() - LOG_TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - from));
            channel.position(from);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read to the end
            }
            end = Arrays.copyOf(buffer.array(), buffer.position());
        }
        String text = new String(end, StandardCharsets.UTF_8)
                .replace(in.toAbsolutePath().toString(), "IN")
                .replace(out.toAbsolutePath().toString(), "OUT")
                .replaceAll("\\s+", " ")
                .trim();
        return text.length() <= DETAIL_CHARS ? text : "..." + text.substring(text.length() - DETAIL_CHARS);
    }
}
