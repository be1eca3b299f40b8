#!/usr/bin/python3
"""Write model/src/test/resources/metrics/vectors.json: reference PSNR / SSIM / CIEDE2000 from scikit-image.

The Java metrics (org.deblurgateway.model.metrics) must reproduce these numbers. Images are small, generated
from seeded numpy draws, and stored as integer levels q with sample = float32(q) / float32(scale): that value is
exact in Java's float (FloatImage) as well, so both sides start from the very same numbers. scikit-image gets
them as float64 (as Java computes in float64).

Metric calls (scikit-image 0.19, Debian python3-skimage; run with /usr/bin/python3):
  peak_signal_noise_ratio(ref, test, data_range=1)
  structural_similarity(ref, test, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                        data_range=1, channel_axis=-1 for RGB)
  deltaE_ciede2000(rgb2lab(ref), rgb2lab(test)).mean()     (grey stacked to R = G = B)

Usage: /usr/bin/python3 model/tools/make_metric_vectors.py [OUTPUT]
"""
import math
import os
import sys

import numpy as np
from skimage.color import deltaE_ciede2000, rgb2lab
from skimage.filters import gaussian
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

import vector_file  # this folder

SEED = 20261121
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources",
                           "metrics", "vectors.json")


def quantize(img, scale):
    """Integer levels of an image in [0, 1] (clipped)."""
    return np.rint(np.clip(img, 0.0, 1.0) * scale).astype(np.int64)


def levels_to_float(q, scale):
    """The exact float32 samples Java builds: (float) q / (float) scale, widened to float64."""
    return (q.astype(np.float32) / np.float32(scale)).astype(np.float64)


def smooth_pattern(rng, h, w, c):
    """Gradients, a few Gaussian blobs and mild texture: image-like content in [0, 1]."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    out = np.empty((h, w, c))
    for ch in range(c):
        base = 0.3 + 0.2 * np.sin(xx / (3.0 + ch) + rng.uniform(0, 6)) * np.cos(yy / (4.0 + ch))
        for _ in range(3):
            cy, cx = rng.uniform(0, h), rng.uniform(0, w)
            s = rng.uniform(2, 6)
            base += rng.uniform(-0.3, 0.4) * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * s * s))
        base += 0.03 * rng.standard_normal((h, w))
        out[:, :, ch] = base
    return np.clip(out, 0.0, 1.0)


def metrics(ref, test):
    """skimage's three numbers for float64 H x W x C arrays (C = 1 treated as grey)."""
    grey = ref.shape[2] == 1
    with np.errstate(divide="ignore"):  # identical images: MSE 0, PSNR inf
        psnr = peak_signal_noise_ratio(ref, test, data_range=1)
    if grey:
        ssim = structural_similarity(ref[:, :, 0], test[:, :, 0], gaussian_weights=True, sigma=1.5,
                                     use_sample_covariance=False, data_range=1)
        ref3, test3 = np.repeat(ref, 3, axis=2), np.repeat(test, 3, axis=2)
    else:
        ssim = structural_similarity(ref, test, gaussian_weights=True, sigma=1.5,
                                     use_sample_covariance=False, data_range=1, channel_axis=-1)
        ref3, test3 = ref, test
    delta_e = deltaE_ciede2000(rgb2lab(ref3), rgb2lab(test3)).mean()
    return float(psnr), float(ssim), float(delta_e)


def case(name, recipe, ref_img, test_img, scale):
    h, w, c = ref_img.shape
    qr = quantize(ref_img, scale)
    qt = quantize(test_img, scale)
    psnr, ssim, delta_e = metrics(levels_to_float(qr, scale), levels_to_float(qt, scale))
    return {
        "name": name,
        "recipe": recipe,
        "width": w,
        "height": h,
        "channels": c,
        "scale": scale,
        "psnr": "inf" if math.isinf(psnr) else psnr,
        "ssim": ssim,
        "deltaE": delta_e,
        "reference": qr.ravel().tolist(),
        "test": qt.ravel().tolist(),
    }


def build_cases():
    rng = np.random.default_rng(SEED)
    cases = []

    ref = smooth_pattern(rng, 23, 37, 1)
    cases.append(case("grey-37x23-noisy", "smooth pattern vs + N(0, 0.05), 8-bit levels",
                      ref, ref + rng.normal(0, 0.05, ref.shape), 255))

    ref = smooth_pattern(rng, 29, 41, 3)
    cases.append(case("rgb-41x29-noisy", "smooth RGB pattern vs + N(0, 0.04) per channel, 8-bit levels",
                      ref, ref + rng.normal(0, 0.04, ref.shape), 255))

    ref = np.full((16, 16, 1), 0.4)
    cases.append(case("grey-constant-vs-noisy", "constant 0.4 vs + N(0, 0.02), 8-bit levels",
                      ref, ref + rng.normal(0, 0.02, ref.shape), 255))

    ref = np.full((12, 14, 3), 0.0)
    ref[:, :, 0], ref[:, :, 1], ref[:, :, 2] = 0.8, 0.5, 0.2
    cases.append(case("rgb-constant-shift", "constant colour vs constant colour + 0.02, 8-bit levels",
                      ref, ref + np.array([0.02, -0.01, 0.02]), 255))

    ref = smooth_pattern(rng, 12, 16, 3)
    cases.append(case("rgb-identical", "smooth RGB pattern vs itself: PSNR inf, SSIM 1, deltaE 0",
                      ref, ref.copy(), 255))

    ref = smooth_pattern(rng, 40, 32, 1)
    blurred = gaussian(ref, sigma=1.2, mode="reflect", channel_axis=-1, preserve_range=True)
    cases.append(case("grey-32x40-blurred", "smooth pattern vs skimage gaussian sigma 1.2, 16-bit levels",
                      ref, blurred, 65535))

    ref = rng.choice([0.0, 0.05, 0.5, 0.95, 1.0], size=(18, 20, 3)) * 0.5 + rng.uniform(0, 0.5, (18, 20, 3))
    ref[::3, ::2, :] = rng.choice([0.0, 1.0], size=ref[::3, ::2, :].shape)
    cases.append(case("rgb-20x18-saturated", "saturated colours (hue wrap-around) vs + N(0, 0.08), 16-bit levels",
                      ref, ref + rng.normal(0, 0.08, ref.shape), 65535))

    ref = rng.uniform(0, 1, (11, 11, 1))
    cases.append(case("grey-11x11-minimum", "uniform noise vs uniform noise at the smallest SSIM size, 8-bit",
                      ref, rng.uniform(0, 1, (11, 11, 1)), 255))

    ref = rng.uniform(0, 1, (17, 13, 3))
    cases.append(case("rgb-13x17-independent", "independent uniform RGB noise images, 8-bit levels",
                      ref, rng.uniform(0, 1, (17, 13, 3)), 255))
    return cases


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    doc = vector_file.write(out, "model/tools/make_metric_vectors.py", SEED,
                            "reference/test are integer levels q, row-major (y, x, c); "
                            "sample = float32(q) / float32(scale); psnr 'inf' = identical images",
                            build_cases())
    for c in doc["cases"]:
        print(f"{c['name']:28s} psnr={c['psnr']} ssim={c['ssim']:.6f} deltaE={c['deltaE']:.6f}")


if __name__ == "__main__":
    main()
