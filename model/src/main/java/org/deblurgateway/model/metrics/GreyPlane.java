package org.deblurgateway.model.metrics;

import org.deblurgateway.model.image.FloatImage;

/**
 * A whole grey level plane in float64, row-major ({@code values[y * width + x]}): the CAD metrics need random
 * access, not the streamed rows of {@link GreyRows}. Grey images as they are, RGB through the same luminance as the
 * blur score.
 */
record GreyPlane(int width, int height, double[] values) {

    GreyPlane {
        if (values.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " values, got " + values.length);
        }
    }

    static GreyPlane of(FloatImage image) {
        GreyRows rows = GreyRows.of(image);
        int w = rows.width();
        int h = rows.height();
        double[] values = new double[w * h];
        double[] row = new double[w];
        for (int y = 0; y < h; y++) {
            rows.read(y, row);
            System.arraycopy(row, 0, values, y * w, w);
        }
        return new GreyPlane(w, h, values);
    }

    double at(int x, int y) {
        return values[y * width + x];
    }
}
