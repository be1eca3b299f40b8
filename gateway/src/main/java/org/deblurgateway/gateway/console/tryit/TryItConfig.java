package org.deblurgateway.gateway.console.tryit;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code gateway.console.try-it.*}: the console's upload-and-deblur page. */
@ConfigMapping(prefix = "gateway.console.try-it")
public interface TryItConfig {

    /** Largest upload accepted; larger ones get 413 with the limit named. */
    MemorySize maxUploadSize();

    /** Largest image accepted (pixels of the frame deblurred). */
    long maxPixels();

    /** Results the console holds in memory for display and download (the oldest go first). */
    int resultsKept();

    /** How long a result stays downloadable. */
    Duration resultLifetime();
}
