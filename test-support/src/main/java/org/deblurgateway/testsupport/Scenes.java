package org.deblurgateway.testsupport;

import java.util.Random;

/**
 * Pixel cells (12-bit, row by row) that look like something, for objects whose frames must be told apart or that
 * stand in for a blurry radiograph: scenes of discs and bars on a smooth background, and a motion-blurred chest
 * radiograph. Seeded, so a test sees the same pictures on every run.
 */
public final class Scenes {

    private static final int MAX_12_BIT = 4095;

    private Scenes() {}

    /**
     * {@code frames} scenes of {@code rows} x {@code columns}, one after the other: each its own smooth background,
     * six bright discs and four dark bars at random places, a 7-pixel line blur at a random angle, cells 100..3900.
     * Any two frames are nearly uncorrelated, so a frame can be told from all others by correlation.
     */
    public static int[] distinctFrames(int frames, int rows, int columns, long seed) {
        Random random = new Random(seed);
        int[] cells = new int[frames * rows * columns];
        for (int f = 0; f < frames; f++) {
            double[] scene = lineBlur(scene(random, rows, columns), rows, columns, 7, uniform(random, -45, 45));
            normalise(scene);
            for (int i = 0; i < scene.length; i++) {
                cells[f * rows * columns + i] = (int) Math.round(100 + scene[i] * 3800);
            }
        }
        return cells;
    }

    /**
     * A {@code size} x {@code size} picture that looks like a motion-blurred chest radiograph: a body outline with
     * smooth gradients, darker lung fields, ribs, a spine, sharp collimator edges, then a 15-pixel line blur at 20
     * degrees and a little sensor noise; cells 0..4095.
     */
    public static int[] blurredChestRadiograph(int size, long seed) {
        Random random = new Random(seed);
        double[] image = new double[size * size];
        for (int r = 0; r < size; r++) {
            double y = (double) r / size;
            for (int c = 0; c < size; c++) {
                double x = (double) c / size;
                boolean body = sq((x - 0.5) / 0.42) + sq((y - 0.55) / 0.5) < 1;
                double v = 0.15 + (body ? 0.55 * (1 - 0.3 * y) : 0); // soft tissue, thinner towards the feet
                for (double cx : new double[] {0.32, 0.68}) { // lung fields: darker, smooth edges
                    double lung = sq((x - cx) / 0.15) + sq((y - 0.45) / 0.28);
                    v -= 0.35 * Math.min(1, Math.max(0, 1.2 - lung));
                }
                for (int k = 0; k < 9; k++) { // ribs: thin bright arcs
                    double yc = 0.22 + 0.06 * k;
                    for (int side = -1; side <= 1; side += 2) {
                        boolean arc = Math.abs(y - (yc + 0.12 * sq((x - 0.5) * side * 2))) < 0.008;
                        v += arc && body && Math.abs(x - 0.5) > 0.06 ? 0.12 : 0;
                    }
                }
                v += body && Math.abs(x - 0.5) < 0.035 ? 0.35 : 0; // spine
                image[r * size + c] = x < 0.04 || x > 0.96 || y < 0.03 ? 0.02 : v; // collimator: sharp edges
            }
        }
        image = lineBlur(image, size, size, 15, 20);
        int[] cells = new int[image.length];
        for (int i = 0; i < image.length; i++) {
            double v = Math.min(1, Math.max(0, image[i] + random.nextGaussian() * 0.005));
            cells[i] = (int) Math.round(v * MAX_12_BIT);
        }
        return cells;
    }

    /** Smooth background (bicubic-interpolated noise), bright discs and dark bars: a distinct picture per draw. */
    private static double[] scene(Random random, int rows, int columns) {
        double[] image = smoothNoise(random, rows, columns, Math.max(rows, columns) / 8.0);
        normalise(image);
        for (int i = 0; i < image.length; i++) {
            image[i] *= 0.5;
        }
        for (int d = 0; d < 6; d++) {
            double cy = uniform(random, 0, rows);
            double cx = uniform(random, 0, columns);
            double radius = uniform(random, 0.04, 0.12) * Math.min(rows, columns);
            double add = uniform(random, 0.3, 0.5);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    if (sq(r - cy) + sq(c - cx) < radius * radius) {
                        image[r * columns + c] += add;
                    }
                }
            }
        }
        for (int b = 0; b < 4; b++) {
            int r0 = (int) uniform(random, 0, rows * 0.8);
            int c0 = (int) uniform(random, 0, columns * 0.8);
            double sub = uniform(random, 0.2, 0.4);
            for (int r = r0; r < Math.min(rows, r0 + (int) (rows * 0.15)); r++) {
                for (int c = c0; c < Math.min(columns, c0 + Math.max(2, (int) (columns * 0.03))); c++) {
                    image[r * columns + c] -= sub;
                }
            }
        }
        return image;
    }

    /** Gaussian noise on a grid {@code spacing} cells apart, interpolated with a smooth (cubic) step in between. */
    private static double[] smoothNoise(Random random, int rows, int columns, double spacing) {
        int gridRows = (int) Math.ceil(rows / spacing) + 2;
        int gridColumns = (int) Math.ceil(columns / spacing) + 2;
        double[] grid = new double[gridRows * gridColumns];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = random.nextGaussian();
        }
        double[] image = new double[rows * columns];
        for (int r = 0; r < rows; r++) {
            double gy = r / spacing;
            int y0 = (int) gy;
            double ty = smoothStep(gy - y0);
            for (int c = 0; c < columns; c++) {
                double gx = c / spacing;
                int x0 = (int) gx;
                double tx = smoothStep(gx - x0);
                double top = lerp(grid[y0 * gridColumns + x0], grid[y0 * gridColumns + x0 + 1], tx);
                double bottom = lerp(grid[(y0 + 1) * gridColumns + x0], grid[(y0 + 1) * gridColumns + x0 + 1], tx);
                image[r * columns + c] = lerp(top, bottom, ty);
            }
        }
        return image;
    }

    /**
     * Convolution with a normalised motion-blur line kernel ({@code length} pixels at {@code degrees}, the line
     * kernel of the blur simulation the model was trained on); edges reflected.
     */
    static double[] lineBlur(double[] image, int rows, int columns, int length, double degrees) {
        int size = length % 2 == 1 ? length : length + 1;
        int centre = size / 2;
        boolean[] kernel = new boolean[size * size];
        double t = Math.toRadians(degrees);
        int steps = 4 * length;
        for (int i = 0; i < steps; i++) {
            double s = -(length - 1) / 2.0 + (length - 1) * (double) i / (steps - 1);
            int kr = (int) Math.rint(centre - s * Math.sin(t));
            int kc = (int) Math.rint(centre + s * Math.cos(t));
            kernel[kr * size + kc] = true;
        }
        int taps = 0;
        int[] dr = new int[kernel.length];
        int[] dc = new int[kernel.length];
        for (int i = 0; i < kernel.length; i++) {
            if (kernel[i]) {
                dr[taps] = i / size - centre;
                dc[taps] = i % size - centre;
                taps++;
            }
        }
        double[] out = new double[image.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                double sum = 0;
                for (int k = 0; k < taps; k++) {
                    sum += image[reflect(r - dr[k], rows) * columns + reflect(c - dc[k], columns)];
                }
                out[r * columns + c] = sum / taps;
            }
        }
        return out;
    }

    private static int reflect(int i, int n) {
        if (i < 0) {
            return Math.min(n - 1, -i - 1);
        }
        return i >= n ? Math.max(0, 2 * n - i - 1) : i;
    }

    /** Scales {@code image} to 0..1 in place. */
    private static void normalise(double[] image) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : image) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (int i = 0; i < image.length; i++) {
            image[i] = (image[i] - min) / (max - min + 1e-12);
        }
    }

    private static double uniform(Random random, double from, double to) {
        return from + random.nextDouble() * (to - from);
    }

    private static double smoothStep(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static double sq(double v) {
        return v * v;
    }
}
