package org.deblurgateway.model.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the CPU of this machine offers, read from {@code /proc/cpuinfo}: its model name and feature flags.
 *
 * @param modelName the first "model name" line ("unknown CPU" when absent)
 * @param flags     the first "flags" line, one entry per flag (empty when the file cannot be read)
 */
public record CpuFeatures(String modelName, Set<String> flags) {

    /** Flags that give libtorch native bfloat16 arithmetic on x86 (without them bf16 is emulated, far slower). */
    public static final Set<String> NATIVE_BF16_FLAGS = Set.of("avx512_bf16", "amx_bf16");

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    public CpuFeatures {
        flags = Set.copyOf(flags);
    }

    /** This machine's CPU; an unreadable {@code /proc/cpuinfo} gives no flags (so no native bf16). */
    public static CpuFeatures current() {
        try {
            return parse(Files.readString(CPUINFO));
        } catch (IOException | SecurityException e) {
            return new CpuFeatures("unknown CPU (" + CPUINFO + " unreadable)", Set.of());
        }
    }

    /** Reads the first processor's "model name" and "flags" lines of a cpuinfo text. */
    public static CpuFeatures parse(String cpuinfo) {
        String model = "unknown CPU";
        Set<String> flags = Set.of();
        boolean haveModel = false;
        boolean haveFlags = false;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (!haveModel && key.equals("model name")) {
                model = value;
                haveModel = true;
            } else if (!haveFlags && key.equals("flags")) {
                flags = Arrays.stream(value.split("\\s+"))
                        .filter(f -> !f.isEmpty())
                        .collect(Collectors.toSet());
                haveFlags = true;
            }
        }
        return new CpuFeatures(model, flags);
    }

    /** True when the CPU computes bfloat16 natively (avx512_bf16 or amx_bf16). */
    public boolean hasNativeBf16() {
        return NATIVE_BF16_FLAGS.stream().anyMatch(flags::contains);
    }
}
