package org.deblurgateway.gateway.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.dicom.commitment.SopReference;
import org.deblurgateway.testsupport.ChildProcess;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.Waits;

/**
 * A real Orthanc 1.10.1 as a Storage Commitment SCU (requester): the gateway is its modality {@code gateway}, it asks
 * through its REST API ({@code POST /modalities/gateway/storage-commitment}) and takes the gateway's N-EVENT-REPORT
 * on its own DICOM port, as Orthanc always expects it (a new association). Ports are chosen when constructed, so the
 * gateway can be told the address before either starts.
 */
public final class OrthancCommitmentRequester implements AutoCloseable {

    public static final String AE_TITLE = "ORTHANC";
    private static final Pattern ID = Pattern.compile("\"ID\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"Status\"\\s*:\\s*\"([^\"]+)\"");

    private final Path dir;
    private final int httpPort = FreePorts.next();
    private final int dicomPort = FreePorts.next();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ChildProcess process;

    public OrthancCommitmentRequester(Path dir) {
        this.dir = dir;
    }

    /** Where the gateway reports to ({@code gateway.storage-commitment.requesters}). */
    public String address() {
        return AE_TITLE + "@127.0.0.1:" + dicomPort;
    }

    /** Starts Orthanc with the gateway (AE {@code gatewayAe} on {@code gatewayPort}) as its modality "gateway". */
    public OrthancCommitmentRequester start(String gatewayAe, int gatewayPort) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, """
                {
                  "Name": "commitment-requester",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "Plugins": [],
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "HttpPort": %d,
                  "DicomPort": %d,
                  "DicomAet": "%s",
                  "DicomCheckCalledAet": false,
                  "DicomScuTimeout": 30,
                  "DicomModalities": { "gateway": ["%s", "127.0.0.1", %d] }
                }
                """.formatted(
                dir.resolve("storage"), dir.resolve("index"), httpPort, dicomPort, AE_TITLE, gatewayAe, gatewayPort));
        Path log = ItDirs.logs().resolve("commitment-requester-orthanc.log");
        process = ChildProcess.start(
                "Orthanc requester", List.of("/usr/sbin/Orthanc", config.toString()), Map.of(), dir, log);
        Instant deadline = Instant.now().plusSeconds(30);
        while (!FreePorts.isListening(dicomPort) || !FreePorts.isListening(httpPort)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("Orthanc requester did not start; log:\n" + process.tail());
            }
            Waits.sleep(100);
        }
        return this;
    }

    /** Asks the gateway, through Orthanc, to commit {@code instances}; the Transaction UID Orthanc chose. */
    public String requestCommitment(List<SopReference> instances) {
        StringBuilder body = new StringBuilder("{\"DicomInstances\": [");
        for (int i = 0; i < instances.size(); i++) {
            SopReference r = instances.get(i);
            body.append(i == 0 ? "" : ",")
                    .append("{\"SOPClassUID\": \"")
                    .append(r.sopClassUid())
                    .append("\", \"SOPInstanceUID\": \"")
                    .append(r.sopInstanceUid())
                    .append("\"}");
        }
        body.append("]}");
        Matcher id = ID.matcher(send(HttpRequest.newBuilder(uri("/modalities/gateway/storage-commitment"))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))));
        if (!id.find()) {
            throw new AssertionError("Orthanc's storage commitment answer has no ID");
        }
        return id.group(1);
    }

    /** Orthanc's view of the transaction: its whole JSON ({@code Status}: Pending, Success or Failure). */
    public String report(String transactionUid) {
        return send(HttpRequest.newBuilder(uri("/storage-commitment/" + transactionUid))
                .GET());
    }

    /** The transaction's Status as Orthanc has it. */
    public String status(String transactionUid) {
        Matcher m = STATUS.matcher(report(transactionUid));
        return m.find() ? m.group(1) : "(no Status)";
    }

    public String logTail() {
        return process == null ? "(not started)" : process.tail();
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("Orthanc answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
