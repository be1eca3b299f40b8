#!/usr/bin/python3
"""Write model/src/test/resources/metrics/blur_effect.json: reference blur scores from scikit-image.

org.deblurgateway.model.metrics.BlurEffect must reproduce these numbers. Each case is an integer frame (the
samples a DICOM decoder hands over) generated deterministically here: a Shepp-Logan-style phantom, its motion- and
Gaussian-blurred versions, RGB, a signed 12-bit non-square one, tiny, constant and striped edge cases.

Reference: the frame is normalised as FrameNormalizer.rangeOf says (type range up to 8 bits, own min-max above; a
zero range divides by 1), in float64, then
  skimage.measure.blur_effect(image, h_size=11)                        grey
  skimage.measure.blur_effect(image, h_size=11, channel_axis=-1)       RGB (rgb2gray first)
with reduce_func=None as well, to record the per-axis values (axis 0 = vertical, 1 = horizontal).

An axis without any gradient inside the summed region (constant or one-directional images, frames smaller than
4x4) makes skimage divide 0 by 0 -- or rounding noise by rounding noise: its 3x3 Sobel sums c/4 + c/2 + c/4 - c/4 -
... and leaves ~1e-17 where the exact value is 0, so vertical stripes score 0.76 on the vertical axis, noise over
noise. BlurEffect takes differences first, so such an axis has exactly zero gradient, leaves it out and returns the
maximum of the other axes, or 1.0 (nothing left to lose: what unlimited blur gives) when none is left. "expected"
is that rule applied to skimage's per-axis values, with "has gradient" decided by the same exact differences
(gradient_axes below); where it differs from "skimage", the case's recipe says so.

The script also checks that the score does not depend on the normalisation (the metric is invariant to affine maps
of the samples): skimage's own img_as_float scaling of the raw integers must give the same value to 1e-12.

Usage: /usr/bin/python3 model/tools/make_blur_effect_vectors.py [OUTPUT]
"""
import math
import os
import sys

import numpy as np
import scipy
import scipy.ndimage as ndi
import skimage
from skimage.measure import blur_effect

import vector_file  # this folder

SEED = 20261122
H_SIZE = 11
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources",
                           "metrics", "blur_effect.json")

# Modified Shepp-Logan (Toft): intensity, semi-axes a, b, centre x, y, rotation in degrees.
SHEPP_LOGAN = [
    (1.0, 0.69, 0.92, 0.0, 0.0, 0),
    (-0.8, 0.6624, 0.874, 0.0, -0.0184, 0),
    (-0.2, 0.11, 0.31, 0.22, 0.0, -18),
    (-0.2, 0.16, 0.41, -0.22, 0.0, 18),
    (0.1, 0.21, 0.25, 0.0, 0.35, 0),
    (0.1, 0.046, 0.046, 0.0, 0.1, 0),
    (0.1, 0.046, 0.046, 0.0, -0.1, 0),
    (0.1, 0.046, 0.023, -0.08, -0.605, 0),
    (0.1, 0.023, 0.023, 0.0, -0.606, 0),
    (0.1, 0.023, 0.046, 0.06, -0.605, 0),
]


def phantom(h, w):
    """The phantom rendered on an h x w grid spanning [-1, 1] on both axes (point-sampled: hard edges)."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    x = 2.0 * (x + 0.5) / w - 1.0
    y = 1.0 - 2.0 * (y + 0.5) / h
    img = np.zeros((h, w))
    for value, a, b, x0, y0, deg in SHEPP_LOGAN:
        t = math.radians(deg)
        xr = (x - x0) * math.cos(t) + (y - y0) * math.sin(t)
        yr = -(x - x0) * math.sin(t) + (y - y0) * math.cos(t)
        img[(xr / a) ** 2 + (yr / b) ** 2 <= 1.0] += value
    return img


def motion(img, length, vertical):
    """A straight motion blur: mean of `length` samples along one axis, scipy reflect border."""
    shape = (length, 1) if vertical else (1, length)
    kernel = np.full(shape, 1.0 / length)
    if img.ndim == 3:
        kernel = kernel[:, :, None]
    return ndi.convolve(img, kernel, mode="reflect")


def gaussian(img, sigma):
    sigmas = (sigma, sigma, 0) if img.ndim == 3 else sigma
    return ndi.gaussian_filter(img, sigmas, mode="reflect")


def levels(img, lo, hi):
    """Integer samples: img (nominally [0, 1]) mapped linearly onto [lo, hi], rounded and clipped."""
    return np.clip(np.rint(lo + img * (hi - lo)), lo, hi).astype(np.int64)


def range_of(q, bits, signed):
    """FrameNormalizer.rangeOf: the type's range up to 8 bits, the frame's own min-max above."""
    if bits <= 8:
        return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    return int(q.min()), int(q.max())


def normalised(q, bits, signed):
    lo, hi = range_of(q, bits, signed)
    span = hi - lo if hi > lo else 1.0
    return (q.astype(np.float64) - lo) / span


def skimage_axes(image, rgb):
    with np.errstate(divide="ignore", invalid="ignore"):
        return blur_effect(image, h_size=H_SIZE, channel_axis=-1 if rgb else None, reduce_func=None)


def gradient_axes(image, rgb):
    """Axes whose Sobel response is non-zero somewhere in skimage's summed region [2, n-1), computed as BlurEffect
    does: the derivative as a difference of the samples two apart, then the [1, 2, 1] smoothing across it."""
    g = image @ np.array([0.2125, 0.7154, 0.0721]) if rgb else image
    h, w = g.shape
    if h < 4 or w < 4:
        return []
    axes = []
    d = g[3:h, 1:w] - g[1:h - 2, 1:w]            # rows y+1 minus y-1 for y in [2, h-1), columns 1..w-1
    if np.any((d[:, :-2] + 2.0 * d[:, 1:-1] + d[:, 2:]) != 0):
        axes.append(0)
    d = g[1:h, 3:w] - g[1:h, 1:w - 2]            # columns x+1 minus x-1 for x in [2, w-1), rows 1..h-1
    if np.any((d[:-2, :] + 2.0 * d[1:-1, :] + d[2:, :]) != 0):
        axes.append(1)
    return axes


def raw_dtype(bits, signed):
    if signed:
        return np.int8 if bits <= 8 else np.int16
    return np.uint8 if bits <= 8 else np.uint16


def case(name, recipe, q, bits, signed):
    rgb = q.ndim == 3
    h, w = q.shape[:2]
    axes = [float(b) for b in skimage_axes(normalised(q, bits, signed), rgb)]
    with np.errstate(divide="ignore", invalid="ignore"):
        reduced = float(blur_effect(normalised(q, bits, signed), h_size=H_SIZE,
                                    channel_axis=-1 if rgb else None))
    kept = [axes[a] for a in gradient_axes(normalised(q, bits, signed), rgb)]
    assert not any(math.isnan(b) for b in kept), (name, axes)
    expected = max(kept) if kept else 1.0

    # Invariance to the normalisation: skimage's own scaling of the raw integer type gives the same score (not on
    # an axis without gradient, where skimage's value is rounding noise and changes with the scaling).
    raw = skimage_axes(q.astype(raw_dtype(bits, signed)), rgb)
    for a in gradient_axes(normalised(q, bits, signed), rgb):
        assert abs(axes[a] - raw[a]) < 1e-12, (name, axes, raw)

    return {
        "name": name,
        "recipe": recipe,
        "width": w,
        "height": h,
        "channels": 3 if rgb else 1,
        "bitsStored": bits,
        "signed": signed,
        "skimage": "nan" if math.isnan(reduced) else reduced,
        "skimageAxes": ["nan" if math.isnan(b) else b for b in axes],
        "expected": expected,
        "samples": q.ravel().tolist(),
    }


def rgb_phantom(h, w):
    """Three different channels: the phantom, the phantom mirrored, and rings."""
    p = phantom(h, w)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    rings = 0.5 + 0.5 * np.cos(np.hypot(x - w / 3, y - h / 2) / 2.0)
    return np.clip(np.stack([p, p[:, ::-1], rings], axis=-1), 0.0, 1.0)


def build_cases():
    rng = np.random.default_rng(SEED)
    cases = []

    sharp = phantom(48, 48)
    cases.append(case("phantom-48x48-sharp", "Shepp-Logan phantom, 8-bit", levels(sharp, 0, 255), 8, False))
    cases.append(case("phantom-48x48-hmotion9", "phantom, horizontal motion L=9 (horizontal axis wins), 8-bit",
                      levels(motion(sharp, 9, vertical=False), 0, 255), 8, False))
    cases.append(case("phantom-48x48-vmotion5", "phantom, vertical motion L=5 (vertical axis wins), 8-bit",
                      levels(motion(sharp, 5, vertical=True), 0, 255), 8, False))
    cases.append(case("phantom-48x48-gauss2-16bit", "phantom, gaussian sigma 2, 16-bit levels 1000..61000",
                      levels(gaussian(sharp, 2.0), 1000, 61000), 16, False))

    colour = rgb_phantom(32, 40)
    cases.append(case("rgb-40x32-sharp", "phantom / mirrored phantom / rings as R, G, B, 8-bit",
                      levels(colour, 0, 255), 8, False))
    cases.append(case("rgb-40x32-gauss1.5", "the RGB image, gaussian sigma 1.5 per channel, 8-bit",
                      levels(gaussian(colour, 1.5), 0, 255), 8, False))

    ct = gaussian(phantom(29, 37), 0.8) + rng.normal(0, 0.01, (29, 37))
    cases.append(case("ct-37x29-signed12", "phantom, gaussian 0.8, N(0, 0.01), signed 12-bit levels -1024..1800",
                      levels(ct, -1024, 1800), 12, True))

    tall = gaussian(rng.uniform(0, 1, (260, 12)), 1.0)
    cases.append(case("tall-12x260", "uniform noise, gaussian 1.0, 8-bit: 257 summed rows, many parallel blocks",
                      levels((tall - tall.min()) / (tall.max() - tall.min()), 0, 255), 8, False))

    cases.append(case("noise-5x4-tiny", "uniform noise 5x4: the 11-wide box filter reflects several times",
                      levels(rng.uniform(0, 1, (4, 5)), 0, 255), 8, False))

    cases.append(case("constant-16x12", "constant 100, 8-bit: no gradient; skimage NaN (noise/noise on one axis), expected 1.0",
                      np.full((12, 16), 100, dtype=np.int64), 8, False))
    cases.append(case("constant-7x6-16bit", "constant 3000, 16-bit (zero range): skimage NaN, expected 1.0",
                      np.full((6, 7), 3000, dtype=np.int64), 16, False))

    stripes = np.tile((np.arange(20) // 2) % 2, (16, 1)).astype(np.float64)
    cases.append(case("stripes-20x16", "vertical stripes 2 px wide, 8-bit: no vertical gradient (skimage: 0.76 = noise/noise), horizontal counts",
                      levels(stripes * 0.8 + 0.1, 0, 255), 8, False))

    cases.append(case("noise-3x9-too-small", "9 rows x 3 columns: no column inside the summed region, expected 1.0",
                      levels(rng.uniform(0, 1, (9, 3)), 0, 255), 8, False))
    return cases


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    doc = vector_file.write(out, "model/tools/make_blur_effect_vectors.py", SEED,
                            "samples are a Frame's integer samples, row-major (y, x, c); skimage = blur_effect of the "
                            "rangeOf-normalised float64 frame ('nan' = 0/0); expected = what BlurEffect.of(Frame) returns",
                            build_cases())
    for c in doc["cases"]:
        print(f"{c['name']:28s} skimage={c['skimage']} axes={c['skimageAxes']} expected={c['expected']:.9f}")


if __name__ == "__main__":
    main()
