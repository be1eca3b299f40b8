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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.testsupport.ChildProcess;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.HttpProbe;
import org.deblurgateway.testsupport.Waits;

/**
 * A real Orthanc 1.10.1 (Debian) as the PACS: its own storage in a scratch folder, free HTTP and DICOM ports, AE title
 * ORTHANC, any calling AE and SOP class accepted. It binds all interfaces (it has no bind option; running it under
 * {@code unshare -n} would hide it from the gateway), so remote HTTP access stays off. Can be stopped and started
 * again on the same ports and storage. A Lua ReceivedInstanceFilter logs every C-STORE it receives, duplicates included,
 * so the tests can count deliveries per SOP Instance UID although Orthanc stores one instance per UID.
 */
public final class OrthancPeer implements AutoCloseable {

    public static final String AE_TITLE = "ORTHANC";
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    private static final Pattern SOP_INSTANCE_UID = Pattern.compile("\"SOPInstanceUID\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern DELIVERY = Pattern.compile("Lua says: IT-DELIVERY (\\S+)");
    private static final String DELIVERY_SCRIPT = """
            -- Called for every received instance, before Orthanc decides whether it is new.
            function ReceivedInstanceFilter(dicom, origin, info)
               print('IT-DELIVERY ' .. tostring(dicom.SOPInstanceUID))
               return true
            end
            """;
    private static final Pattern LOOKUP_ID = Pattern.compile("\"ID\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern COUNT_INSTANCES = Pattern.compile("\"CountInstances\"\\s*:\\s*(\\d+)");

    private final Path dir;
    private final Path config;
    private final int httpPort;
    private final int dicomPort;
    private final String name;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Path> logs = new ArrayList<>();
    private ChildProcess process;
    private int starts;
    /** Orthanc's DICOMweb plugin configuration (JSON object), or null: no plugin. */
    private String dicomWeb;

    private OrthancPeer(String name, Path dir) {
        this.name = name;
        this.dir = dir;
        this.config = dir.resolve("orthanc.json");
        this.httpPort = FreePorts.next();
        this.dicomPort = FreePorts.next();
    }

    /** Writes the configuration into {@code dir} and starts Orthanc; returns when its REST API answers. */
    public static OrthancPeer start(String name, Path dir) {
        OrthancPeer peer = new OrthancPeer(name, dir);
        peer.writeConfig();
        peer.start();
        return peer;
    }

    /** Debian's orthanc-dicomweb plugin; absent when the package is not installed. */
    public static final Path DICOMWEB_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");

    /**
     * Orthanc with its DICOMweb plugin (STOW-RS server at {@code /dicom-web/}); {@code servers} is the plugin's
     * {@code Servers} object (JSON), the DICOMweb servers Orthanc itself can send to.
     */
    public static OrthancPeer startWithDicomWeb(String name, Path dir, String servers) {
        OrthancPeer peer = new OrthancPeer(name, dir);
        peer.dicomWeb = "{\"Enable\": true, \"Root\": \"/dicom-web/\", \"Servers\": " + servers + "}";
        peer.writeConfig();
        peer.start();
        return peer;
    }

    /** The STOW-RS URL root of the DICOMweb plugin ({@code .../dicom-web}). */
    public String dicomWebRoot() {
        return "http://127.0.0.1:" + httpPort + "/dicom-web";
    }

    /** POST to Orthanc's REST API; the answer's body (AssertionError unless 200). */
    public String restPost(String path, String body) {
        return post(path, body);
    }

    private void writeConfig() {
        String json = """
                {
                  "Name": "%s",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "Plugins": %s,
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "HttpPort": %d,
                  "DicomPort": %d,
                  "DicomAet": "%s",
                  "DicomCheckCalledAet": false,
                  "DicomAlwaysAllowEcho": true,
                  "DicomAlwaysAllowStore": true,
                  "UnknownSopClassAccepted": true,
                  "StorageCompression": false,
                  "OverwriteInstances": false,
                  "DicomScpTimeout": 30,
                  "LuaScripts": ["%s"]%s
                }
                """.formatted(
                        name,
                        dir.resolve("storage"),
                        dir.resolve("index"),
                        dicomWeb == null ? "[]" : "[\"" + DICOMWEB_PLUGIN + "\"]",
                        httpPort,
                        dicomPort,
                        AE_TITLE,
                        dir.resolve("count-deliveries.lua"),
                        dicomWeb == null ? "" : ",\n  \"DicomWeb\": " + dicomWeb);
        try {
            Files.writeString(dir.resolve("count-deliveries.lua"), DELIVERY_SCRIPT);
            Files.writeString(config, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
    }

    /** Starts (or starts again) Orthanc on the same ports and storage; returns when its REST API answers. */
    public void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Orthanc " + name + " is already running");
        }
        starts++;
        Path log = ItDirs.logs().resolve(name + "-orthanc-" + starts + ".log");
        logs.add(log);
        process = ChildProcess.start(
                "Orthanc " + name, List.of("/usr/sbin/Orthanc", config.toString()), Map.of(), dir, log);
        Instant deadline = Instant.now().plusSeconds(30);
        while (!answers()) {
            if (!process.isAlive()) {
                throw new AssertionError("Orthanc exited at start; log " + log + ":\n" + process.tail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "Orthanc REST API not answering on port " + httpPort + " after 30 s; log:\n" + process.tail());
            }
            Waits.sleep(100);
        }
        awaitDicomPort();
    }

    private void awaitDicomPort() {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!FreePorts.isListening(dicomPort)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Orthanc DICOM port " + dicomPort + " not listening after 30 s");
            }
            Waits.sleep(50);
        }
    }

    /** Stops Orthanc (SIGTERM); its storage stays for a later {@link #start()}. */
    public void stop() {
        if (process != null) {
            process.close();
        }
    }

    public int dicomPort() {
        return dicomPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Orthanc's ids of every stored instance. */
    public List<String> instanceIds() {
        List<String> ids = new ArrayList<>();
        Matcher matcher = QUOTED.matcher(get("/instances"));
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    /** Number of stored instances (cheap: /statistics). */
    public int instanceCount() {
        Matcher matcher = COUNT_INSTANCES.matcher(get("/statistics"));
        if (!matcher.find()) {
            throw new AssertionError("Orthanc /statistics without CountInstances");
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** The SOP Instance UID of one stored instance. */
    public String sopInstanceUid(String instanceId) {
        Matcher matcher = SOP_INSTANCE_UID.matcher(get("/instances/" + instanceId + "/tags?simplify"));
        if (!matcher.find()) {
            throw new AssertionError("Orthanc instance " + instanceId + " has no SOPInstanceUID tag");
        }
        return matcher.group(1);
    }

    /** SOP Instance UIDs of everything stored (one REST call: /instances?expand lists the main DICOM tags). */
    public Set<String> sopInstanceUids() {
        Set<String> uids = new HashSet<>();
        Matcher matcher = SOP_INSTANCE_UID.matcher(get("/instances?expand"));
        while (matcher.find()) {
            uids.add(matcher.group(1));
        }
        return uids;
    }

    /**
     * How many C-STOREs Orthanc received per SOP Instance UID over all its runs, duplicates included (from the Lua
     * filter's log lines).
     */
    public Map<String, Integer> deliveries() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Path log : logs) {
            try {
                Matcher matcher = DELIVERY.matcher(Files.readString(log));
                while (matcher.find()) {
                    counts.merge(matcher.group(1), 1, Integer::sum);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Orthanc log " + log, e);
            }
        }
        return counts;
    }

    /** SOP Instance UIDs received more than once, with their delivery counts. */
    public Map<String, Integer> duplicateDeliveries() {
        Map<String, Integer> duplicates = new TreeMap<>();
        deliveries().forEach((uid, count) -> {
            if (count > 1) {
                duplicates.put(uid, count);
            }
        });
        return duplicates;
    }

    /** Orthanc's id of the instance with this SOP Instance UID, if it holds one (POST /tools/lookup). */
    public Optional<String> findInstance(String sopInstanceUid) {
        return lookup(sopInstanceUid, "Instance");
    }

    /**
     * The value of a top-level string element of one stored instance, e.g. {@code "0020-000e"} for its Series
     * Instance UID (GET /instances/id/content/gggg-eeee: the raw value, padding removed).
     */
    public String elementValue(String instanceId, String groupElement) {
        return get("/instances/" + instanceId + "/content/" + groupElement).replaceAll("[\\s\\x00]+$", "");
    }

    /** SOP Instance UIDs of the instances Orthanc holds in the series with this Series Instance UID (none: empty). */
    public Set<String> seriesSopInstanceUids(String seriesInstanceUid) {
        Optional<String> series = lookup(seriesInstanceUid, "Series");
        Set<String> uids = new HashSet<>();
        if (series.isPresent()) {
            Matcher matcher = SOP_INSTANCE_UID.matcher(get("/series/" + series.get() + "/instances"));
            while (matcher.find()) {
                uids.add(matcher.group(1));
            }
        }
        return uids;
    }

    private Optional<String> lookup(String uid, String level) {
        String body = post("/tools/lookup", uid);
        // The answer lists every resource with that UID: [{"ID": ..., "Path": ..., "Type": "Instance"}, ...]
        for (String item : body.split("\\}")) {
            Matcher id = LOOKUP_ID.matcher(item);
            if (Pattern.compile("\"Type\"\\s*:\\s*\"" + level + "\"")
                            .matcher(item)
                            .find()
                    && id.find()) {
                return Optional.of(id.group(1));
            }
        }
        return Optional.empty();
    }

    /** Downloads the stored DICOM file of one instance, exactly as Orthanc keeps it. */
    /** Every instance the PACS holds, downloaded into {@code folder}, digested and keyed by SOP Instance UID. */
    public Map<String, DicomDigests.Digest> downloadAll(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (String id : instanceIds()) {
            files.add(downloadFile(id, folder.resolve(id + ".dcm")));
        }
        Map<String, DicomDigests.Digest> bySopInstance = new HashMap<>();
        DicomDigests.of(files).values().forEach(digest -> bySopInstance.put(digest.sopInstanceUid(), digest));
        return bySopInstance;
    }

    public Path downloadFile(String instanceId, Path target) {
        HttpRequest request = HttpRequest.newBuilder(uri("/instances/" + instanceId + "/file"))
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() != 200) {
                throw new AssertionError(
                        "Orthanc GET /instances/" + instanceId + "/file answered " + response.statusCode());
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Orthanc download of " + instanceId + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private boolean answers() {
        return HttpProbe.answersOk(uri("/system"), Duration.ofSeconds(2));
    }

    private String get(String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri(path))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(
                        "Orthanc GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("Orthanc GET " + path + " failed (is it running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * POST, tried twice: Orthanc closes idle keep-alive connections, and the JDK client retries only idempotent
     * methods on a connection that turns out closed ("header parser received no bytes"); /tools/lookup is safe to
     * repeat.
     */
    private String post(String path, String body) {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(uri(path))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new AssertionError(
                            "Orthanc POST " + path + " answered " + response.statusCode() + ": " + response.body());
                }
                return response.body();
            } catch (IOException e) {
                if (attempt == 2) {
                    throw new UncheckedIOException("Orthanc POST " + path + " failed (is it running?)", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    @Override
    public void close() {
        stop();
    }
}
