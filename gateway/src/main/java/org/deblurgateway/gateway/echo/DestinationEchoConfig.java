package org.deblurgateway.gateway.echo;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** The scheduled C-ECHO of every destination ({@code gateway.destination-echo.*}); defaults in application.properties. */
@ConfigMapping(prefix = "gateway.destination-echo")
public interface DestinationEchoConfig {

    /** Echo every destination at start and then every {@link #interval()}. */
    boolean enabled();

    /** Time between the end of one round of echoes and the start of the next. */
    Duration interval();

    /** Limit for one echo: connect with A-ASSOCIATE answer, and the C-ECHO-RSP. */
    Duration timeout();
}
