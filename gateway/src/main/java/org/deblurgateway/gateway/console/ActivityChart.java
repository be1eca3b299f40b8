package org.deblurgateway.gateway.console;

import io.quarkus.qute.RawString;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deblurgateway.gateway.trail.TrailQueries.MinuteCounts;

/**
 * The Overview's chart of the last hour as inline SVG (no script, nothing loaded): one line per series, a point per
 * minute. Only numbers and fixed labels go into the markup.
 */
final class ActivityChart {

    /** A line: its label, CSS class and the trail kinds it adds up. */
    record Series(String label, String cssClass, List<String> kinds) {}

    private static final int WIDTH = 720;
    private static final int HEIGHT = 180;
    private static final int LEFT = 40;
    private static final int BOTTOM = 20;

    private ActivityChart() {}

    static RawString svg(MinuteCounts counts, int minutes, List<Series> series) {
        long[][] values = new long[series.size()][minutes];
        long max = 1;
        for (int s = 0; s < series.size(); s++) {
            for (String kind : series.get(s).kinds()) {
                long[] perMinute = counts.perKind().get(kind);
                if (perMinute != null) {
                    for (int m = 0; m < minutes; m++) {
                        values[s][m] += perMinute[m];
                    }
                }
            }
            for (long v : values[s]) {
                max = Math.max(max, v);
            }
        }
        double dx = (WIDTH - LEFT - 10) / (double) Math.max(1, minutes - 1);
        double plotHeight = HEIGHT - BOTTOM - 10;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"objects per minute, last hour\">");
        svg.append("<line class=\"axis\" x1=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(HEIGHT - BOTTOM)
                .append("\" x2=\"")
                .append(WIDTH - 10)
                .append("\" y2=\"")
                .append(HEIGHT - BOTTOM)
                .append("\"/>");
        svg.append("<text class=\"tick\" x=\"")
                .append(LEFT - 6)
                .append("\" y=\"14\" text-anchor=\"end\">")
                .append(max)
                .append("</text>");
        svg.append("<text class=\"tick\" x=\"")
                .append(LEFT - 6)
                .append("\" y=\"")
                .append(HEIGHT - BOTTOM)
                .append("\" text-anchor=\"end\">0</text>");
        svg.append("<text class=\"tick\" x=\"")
                .append(LEFT)
                .append("\" y=\"")
                .append(HEIGHT - 4)
                .append("\">-60 min</text>");
        svg.append("<text class=\"tick\" x=\"")
                .append(WIDTH - 10)
                .append("\" y=\"")
                .append(HEIGHT - 4)
                .append("\" text-anchor=\"end\">now</text>");
        for (int s = 0; s < series.size(); s++) {
            svg.append("<polyline class=\"").append(series.get(s).cssClass()).append("\" points=\"");
            for (int m = 0; m < minutes; m++) {
                double x = LEFT + m * dx;
                double y = HEIGHT - BOTTOM - values[s][m] * plotHeight / max;
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("\"/>");
        }
        svg.append("</svg>");
        return new RawString(svg.toString());
    }

    /** Sums of each series over the whole window, for the legend. */
    static Map<String, Long> totals(MinuteCounts counts, List<Series> series) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Series s : series) {
            long sum = 0;
            for (String kind : s.kinds()) {
                long[] perMinute = counts.perKind().get(kind);
                if (perMinute != null) {
                    for (long v : perMinute) {
                        sum += v;
                    }
                }
            }
            totals.put(s.label(), sum);
        }
        return totals;
    }
}
