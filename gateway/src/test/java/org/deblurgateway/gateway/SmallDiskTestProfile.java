package org.deblurgateway.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.SmallFileSystem;

/**
 * A gateway whose data folder (spool, embedded broker journal, trail) is a real 128 MiB tmpfs: the broker's disk floor
 * (48 MiB, read every 200 ms) lies above the spool's (8 MiB), so a test can fill the disk between the two and see
 * what the broker's refusal does to a C-STORE. Camel routes do not start: ingest messages stay on their queue. Where
 * no tmpfs can be mounted (not root) the data folder is an ordinary one and {@link #UNAVAILABLE} says why.
 */
public class SmallDiskTestProfile implements QuarkusTestProfile {

    /** Config key holding why no small disk could be mounted; absent (empty) when it was. */
    static final String UNAVAILABLE = "test.small-disk.unavailable";

    static final int DISK_MIB = 128;
    static final int BROKER_FLOOR_MIB = 48;
    static final int SPOOL_FLOOR_MIB = 8;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gateway.rules-file",
                TestPorts.rulesFile().toString(),
                "gateway.health.min-spool-free",
                SPOOL_FLOOR_MIB + "M",
                "gateway.dicom.spool-space-refresh",
                "0s",
                "gateway.broker.embedded-min-disk-free",
                BROKER_FLOOR_MIB + "M",
                "gateway.broker.embedded-disk-scan-period",
                "200ms",
                "gateway.dicom.port",
                Integer.toString(FreePorts.next()),
                "gateway.broker.embedded-port",
                Integer.toString(FreePorts.next()),
                "quarkus.http.test-port",
                Integer.toString(FreePorts.next()),
                "camel.main.auto-startup",
                "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(SmallDisk.class));
    }

    /** Mounts the tmpfs before the application starts and unmounts it after it stopped. */
    public static final class SmallDisk implements QuarkusTestResourceLifecycleManager {

        private SmallFileSystem disk;

        @Override
        public Map<String, String> start() {
            Path parent = TestPorts.freshDataDir("small-disk");
            StringBuilder why = new StringBuilder();
            Map<String, String> config = new HashMap<>();
            try {
                Optional<SmallFileSystem> mounted = SmallFileSystem.tryMount(parent, DISK_MIB, why);
                disk = mounted.orElse(null);
                config.put(
                        "gateway.data-dir",
                        mounted.map(SmallFileSystem::root)
                                .orElse(parent)
                                .resolve("data")
                                .toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            config.put(UNAVAILABLE, why.toString());
            return config;
        }

        @Override
        public void stop() {
            if (disk != null) {
                try {
                    disk.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
