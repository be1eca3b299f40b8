package org.deblurgateway.gateway.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deblurgateway.testsupport.FreePorts;

/** Writes GATEWAY_RULES_FILE YAML for the set-ups the tests need. */
public final class RulesFile {

    private RulesFile() {}

    /** One destination "pacs" (Orthanc at 127.0.0.1:port) and one rule passing everything to it untouched. */
    public static Path passAllTo(Path dir, int pacsPort) {
        return write(dir, """
                destinations:
                  pacs: {ae-title: %s, host: 127.0.0.1, port: %d}
                rules:
                  - name: default
                    action: pass
                    destinations: [pacs]
                """.formatted(OrthancPeer.AE_TITLE, pacsPort));
    }

    /**
     * One destination "pacs" and one catch-all rule deblurring everything with {@code model} (the original is
     * forwarded too); objects the network must not touch go through unchanged.
     */
    public static Path deblurAllTo(Path dir, int pacsPort, String model) {
        return write(dir, """
                destinations:
                  pacs: {ae-title: %s, host: 127.0.0.1, port: %d}
                rules:
                  - name: deblur-all
                    action: deblur
                    model: %s
                    forward-original: true
                    destinations: [pacs]
                """.formatted(OrthancPeer.AE_TITLE, pacsPort, model));
    }

    /**
     * Everything dropped after it is committed: for tests about the DICOM listener alone. A destination is still
     * declared (on a port where nothing listens) so a rules schema that requires one stays satisfied.
     */
    public static Path dropAll(Path dir) {
        return write(dir, """
                destinations:
                  pacs: {ae-title: NOBODY, host: 127.0.0.1, port: %d}
                rules:
                  - name: default
                    action: drop
                """.formatted(FreePorts.next()));
    }

    private static Path write(Path dir, String yaml) {
        try {
            return Files.writeString(dir.resolve("rules.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rules file in " + dir, e);
        }
    }
}
