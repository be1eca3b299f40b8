package org.deblurgateway.gateway.metrics;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code gateway.metrics.*}: the gateway's own Prometheus meters (defaults in application.properties). */
@ConfigMapping(prefix = "gateway.metrics")
public interface MetricsConfig {

    /**
     * Count pipeline events and the listener's associations and C-STORE answers. false leaves those meters at zero
     * (the gauges read on a scrape stay); for measuring what counting costs (bench/console.sh), not for sites.
     */
    boolean enabled();

    /**
     * How often the gateway asks the broker for its queue depths and frame consumers (in the background); the queue
     * gauges and the console show an answer at most this old.
     */
    Duration queueDepthRefresh();
}
