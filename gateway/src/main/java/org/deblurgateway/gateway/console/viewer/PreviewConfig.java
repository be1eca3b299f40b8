package org.deblurgateway.gateway.console.viewer;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/** {@code gateway.console.previews.*}: the console's own copies of original and derived frames for the viewer. */
@ConfigMapping(prefix = "gateway.console.previews")
public interface PreviewConfig {

    /** Keep previews at all (off: the viewer says so, nothing is written under {@code previews/}). */
    boolean enabled();

    /** Most instances kept; the oldest are removed beyond it. */
    int maxInstances();

    /** Most bytes kept under {@code <data-dir>/previews/}; the oldest instances are removed beyond it. */
    MemorySize maxBytes();

    /** Frames kept per instance (the first ones of a multi-frame object). */
    int maxFrames();

    /** Derived instances waiting to be previewed; when full, new ones get no preview (counted and logged). */
    int queueCapacity();
}
