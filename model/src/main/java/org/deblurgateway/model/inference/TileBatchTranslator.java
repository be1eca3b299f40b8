package org.deblurgateway.model.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;

/**
 * Moves a {@link TileBatch} into an N x 3 x H x W float32 tensor and the network's output back, checking the model
 * contract (same shape out, float32, finite). Native memory of both tensors belongs to the per-call context manager.
 */
final class TileBatchTranslator implements NoBatchifyTranslator<TileBatch, TileBatch> {

    @Override
    public NDList processInput(TranslatorContext ctx, TileBatch in) {
        NDArray x = ctx.getNDManager()
                .create(FloatBuffer.wrap(in.data()), new Shape(in.count(), 3, in.height(), in.width()));
        ctx.setAttachment("shape", x.getShape());
        return new NDList(x);
    }

    @Override
    public TileBatch processOutput(TranslatorContext ctx, NDList list) throws TranslateException {
        if (list.isEmpty()) {
            throw new TranslateException("the network returned no tensor");
        }
        NDArray y = list.get(0);
        Shape expected = (Shape) ctx.getAttachment("shape");
        if (!y.getShape().equals(expected)) {
            throw new TranslateException("the network returned shape " + y.getShape() + " for input " + expected
                    + "; the model contract is N x 3 x H x W out for N x 3 x H x W in");
        }
        if (y.getDataType() != DataType.FLOAT32) {
            // bf16 models cast back inside the TorchScript; NDArray.toType(BFLOAT16) aborts the JVM, so never cast here
            throw new TranslateException("the network returned " + y.getDataType() + ", expected float32");
        }
        float[] data = y.toFloatArray();
        for (float v : data) {
            if (!Float.isFinite(v)) {
                // NaN would round to 0 downstream and pass as a dark pixel: refuse the frame instead
                throw new TranslateException("the network returned a non-finite value (" + v + ")");
            }
        }
        return new TileBatch((int) expected.get(0), (int) expected.get(2), (int) expected.get(3), data);
    }
}
