package org.deblurgateway.model.baseline;

import org.deblurgateway.model.image.RowParallel;

/**
 * 2-D complex FFT of a {@code rows x cols} grid (row-major re/im arrays): 1-D transforms over rows, then
 * columns, each pass in parallel. Sizes must be 2^a 3^b 5^c (see {@link Fft#goodSize(int)}).
 */
public final class Fft2d {

    /** Columns gathered together so each row of the grid is read once per block, not once per column. */
    private static final int COLUMN_BLOCK = 8;

    private final int rows;
    private final int cols;
    private final Fft rowFft;
    private final Fft colFft;

    /** A transform for {@code rows x cols} grids. */
    public Fft2d(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.rowFft = new Fft(cols);
        this.colFft = rows == cols ? rowFft : new Fft(rows);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Forward (or unscaled inverse) transform in place. */
    public void transform(double[] re, double[] im, boolean inverse) {
        if (re.length != rows * cols || im.length != rows * cols) {
            throw new IllegalArgumentException("grid must hold " + rows * cols + " values");
        }
        RowParallel.forRows(rows, (from, to) -> {
            double[] br = new double[cols];
            double[] bi = new double[cols];
            double[][] scratch = Fft.scratch(cols);
            for (int r = from; r < to; r++) {
                System.arraycopy(re, r * cols, br, 0, cols);
                System.arraycopy(im, r * cols, bi, 0, cols);
                rowFft.transform(br, bi, inverse, scratch);
                System.arraycopy(br, 0, re, r * cols, cols);
                System.arraycopy(bi, 0, im, r * cols, cols);
            }
        });
        int blocks = (cols + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        RowParallel.forRows(blocks, (from, to) -> {
            double[][] br = new double[COLUMN_BLOCK][rows];
            double[][] bi = new double[COLUMN_BLOCK][rows];
            double[][] scratch = Fft.scratch(rows);
            for (int b = from; b < to; b++) {
                int c0 = b * COLUMN_BLOCK;
                int width = Math.min(COLUMN_BLOCK, cols - c0);
                for (int r = 0; r < rows; r++) {
                    int base = r * cols + c0;
                    for (int j = 0; j < width; j++) {
                        br[j][r] = re[base + j];
                        bi[j][r] = im[base + j];
                    }
                }
                for (int j = 0; j < width; j++) {
                    colFft.transform(br[j], bi[j], inverse, scratch);
                }
                for (int r = 0; r < rows; r++) {
                    int base = r * cols + c0;
                    for (int j = 0; j < width; j++) {
                        re[base + j] = br[j][r];
                        im[base + j] = bi[j][r];
                    }
                }
            }
        });
    }
}
