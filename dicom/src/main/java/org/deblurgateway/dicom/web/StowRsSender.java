package org.deblurgateway.dicom.web;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.dicom.FailureText;
import org.deblurgateway.dicom.scu.DicomWebEndpoint;
import org.deblurgateway.dicom.scu.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one Part 10 file to a DICOMweb server with STOW-RS (PS3.18 10.5): a multipart/related request with the file
 * as its one application/dicom part, streamed from disk. The answer becomes a {@link StoreResult} like a C-STORE's,
 * so the forward route's retries, dead letters and trail treat both kinds of destination alike: a Failure Reason in
 * the response's Failed SOP Sequence is the DIMSE status; without one the HTTP status decides between a refusal a
 * retry cannot change ({@link StoreResult.Outcome#HTTP_REFUSED}) and one that may pass.
 */
public final class StowRsSender {

    private static final Logger LOG = LoggerFactory.getLogger(StowRsSender.class);
    /** Refusals of the request itself that the same request will always get. */
    private static final Set<Integer> PERMANENT_HTTP = Set.of(400, 404, 405, 406, 410, 411, 413, 414, 415, 422);
    // One instance per request: any Failure Reason in the answer is this instance's. The DICOM JSON model writes it
    // as "00081197":{"vr":"US","Value":[42752]}.
    private static final Pattern FAILURE_REASON =
            Pattern.compile("\"00081197\"\\s*:\\s*\\{[^}]*\"Value\"\\s*:\\s*\\[\\s*(\\d+)");
    private static final Pattern WARNING_REASON =
            Pattern.compile("\"00081196\"\\s*:\\s*\\{[^}]*\"Value\"\\s*:\\s*\\[\\s*(\\d+)");
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final HttpClient client;
    private final Duration responseTimeout;

    /**
     * @param connectTimeout  TCP (and TLS) connection set-up
     * @param responseTimeout from the request's start to the response's headers: the upload itself counts
     */
    public StowRsSender(Duration connectTimeout, Duration responseTimeout) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.responseTimeout = responseTimeout;
    }

    /** One STOW-RS attempt; never throws. */
    public StoreResult store(Path file, DicomWebEndpoint endpoint) {
        String boundary = "DeblurGateway-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Type: " + MediaTypes.DICOM + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofByteArray(head),
                    HttpRequest.BodyPublishers.ofFile(file),
                    HttpRequest.BodyPublishers.ofByteArray(tail));
        } catch (FileNotFoundException e) {
            return StoreResult.failure(
                    StoreResult.Outcome.LOCAL_ERROR, FailureText.of("cannot read the object", e), false);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.studiesUrl())
                .timeout(responseTimeout)
                .header(
                        "Content-Type",
                        MediaTypes.MULTIPART_RELATED + "; type=\"" + MediaTypes.DICOM + "\"; boundary=" + boundary)
                .header("Accept", MediaTypes.DICOM_JSON)
                .POST(body);
        endpoint.authorization().ifPresent(value -> request.header("Authorization", value));
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            return StoreResult.failure(StoreResult.Outcome.TIMEOUT, "no connection within the connect timeout", false);
        } catch (HttpTimeoutException e) {
            return StoreResult.failure(
                    StoreResult.Outcome.TIMEOUT, "no STOW-RS response within the response timeout", true);
        } catch (ConnectException e) {
            return StoreResult.failure(StoreResult.Outcome.CONNECT_FAILED, FailureText.of("cannot connect", e), false);
        } catch (IOException e) {
            return StoreResult.failure(
                    StoreResult.Outcome.ABORTED, FailureText.of("STOW-RS request broke off", e), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StoreResult.failure(StoreResult.Outcome.ABORTED, "interrupted", false);
        }
        String answer = readAnswer(response);
        // The object goes as it is stored: its own transfer syntax (not reported back; null).
        return result(response.statusCode(), answer, null);
    }

    /** Maps an HTTP status and the response body (DICOM JSON, possibly empty) to the attempt's outcome. */
    static StoreResult result(int httpStatus, String answer, String transferSyntaxUid) {
        Matcher failure = FAILURE_REASON.matcher(answer);
        if (failure.find()) {
            return StoreResult.ofStatus(Integer.parseInt(failure.group(1)), transferSyntaxUid);
        }
        if (httpStatus == 200) {
            return StoreResult.ofStatus(0x0000, transferSyntaxUid);
        }
        if (httpStatus == 202) {
            // Stored with a warning (PS3.18 Table 10.5.3-1): its Warning Reason when given, else coercion.
            Matcher warning = WARNING_REASON.matcher(answer);
            return StoreResult.ofStatus(
                    warning.find() ? Integer.parseInt(warning.group(1)) : 0xB000, transferSyntaxUid);
        }
        String detail = "HTTP " + httpStatus + (answer.isBlank() ? "" : ": " + brief(answer));
        return StoreResult.failure(
                PERMANENT_HTTP.contains(httpStatus)
                        ? StoreResult.Outcome.HTTP_REFUSED
                        : StoreResult.Outcome.HTTP_UNAVAILABLE,
                detail,
                true);
    }

    private static String readAnswer(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.debug("STOW-RS response body unreadable: {}", e.toString());
            return "";
        }
    }

    /** The answer's first line, shortened: it goes into the trail and the dead letter. */
    private static String brief(String answer) {
        String line = answer.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
