package org.deblurgateway.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One read of /q/metrics, parsed from the Prometheus text format: TYPE lines and samples with their labels. */
record PrometheusScrape(int status, String text, Map<String, String> types, List<Sample> samples) {

    private static final Pattern TYPE = Pattern.compile("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\\w+)$");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( \\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {}

    /** GET without credentials, as Prometheus does. */
    static PrometheusScrape of(int httpPort) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                                .header("Accept", "text/plain")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new HashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        return new PrometheusScrape(r.statusCode(), r.body(), types, samples);
    }

    /** The TYPE of the family a sample name belongs to ({@code x_total} -> family x or x_total, {@code x_bucket} -> x). */
    String typeOf(String sampleName) {
        if (types.containsKey(sampleName)) {
            return types.get(sampleName);
        }
        for (String suffix : new String[] {"_total", "_bucket", "_count", "_sum", "_max", "_created"}) {
            if (sampleName.endsWith(suffix)) {
                String family = sampleName.substring(0, sampleName.length() - suffix.length());
                if (types.containsKey(family)) {
                    return types.get(family);
                }
            }
        }
        return null;
    }

    boolean has(String sampleName) {
        return samples.stream().anyMatch(s -> s.name().equals(sampleName));
    }

    /** Sum of the samples named so whose labels include {@code labels} (empty when none). */
    OptionalDouble value(String sampleName, Map<String, String> labels) {
        List<Sample> matching = samples.stream()
                .filter(s -> s.name().equals(sampleName))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
        return matching.isEmpty()
                ? OptionalDouble.empty()
                : OptionalDouble.of(matching.stream().mapToDouble(Sample::value).sum());
    }

    double valueOrZero(String sampleName, Map<String, String> labels) {
        return value(sampleName, labels).orElse(0);
    }
}
