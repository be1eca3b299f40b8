"""Blur simulation: ``model/BLUR.md`` implemented exactly, plus random training kernels.

The seeded part (SplitMix64, SHA-256 key, motion/gaussian kernels, reflect-padded true
convolution, Box-Muller noise) must agree with the Java implementation to 1e-12; the test
vectors in ``model/src/test/resources/blur/kernel-vectors.json`` are written by
``python3 -m deblurnet.vectors``.

Training kernels (``random_training_kernel``) are drawn from Python's ``random.Random``:
80 % motion (L uniform integer in [7, 25] at native resolution, angle uniform in [-45, 45]
degrees), 20 % gaussian (sigma uniform in [1, 3]). Motion dominates because the product's test
protocol is ``motion``; the gaussian share keeps the second paper's blur in the mix.
"""
import hashlib
import math

import numpy as np

MASK64 = (1 << 64) - 1
NOISE_SIGMA = 0.005
MOTION_L_MIN = 7
MOTION_L_MAX = 25
MOTION_SHARE = 0.8


class SplitMix64:
    """SplitMix64 generator on Python ints masked to 64 bits.

    Args:
        state: initial 64-bit state (unsigned).
    """

    def __init__(self, state):
        self.state = state & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * (2.0 ** -53)

    def gaussian(self, sigma):
        """One Box-Muller sample (cosine branch only) from two consecutive uniforms."""
        u1 = self.uniform()
        u2 = self.uniform()
        return sigma * math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)


def seeded_generator(protocol, seed, name):
    """Generator for one image: state = first 8 bytes (big-endian) of SHA-256("protocol|seed|name")."""
    key = hashlib.sha256(f"{protocol}|{seed}|{name}".encode("utf-8")).digest()
    return SplitMix64(int.from_bytes(key[:8], "big"))


def motion_kernel(length, angle_deg):
    """Line kernel of MedDeblur Algorithm 1: rotated L x L identity (bilinear, zero outside), sum 1."""
    n = int(length)
    c = (n - 1) / 2.0
    a = angle_deg * math.pi / 180.0
    ca, sa = math.cos(a), math.sin(a)
    k = np.zeros((n, n), dtype=np.float64)
    for y in range(n):
        for x in range(n):
            xs = c + ca * (x - c) + sa * (y - c)
            ys = c - sa * (x - c) + ca * (y - c)
            x0 = math.floor(xs)
            y0 = math.floor(ys)
            fx = xs - x0
            fy = ys - y0
            v = 0.0
            for yy, xx, w in ((y0, x0, (1 - fx) * (1 - fy)), (y0, x0 + 1, fx * (1 - fy)),
                              (y0 + 1, x0, (1 - fx) * fy), (y0 + 1, x0 + 1, fx * fy)):
                if 0 <= yy <= n - 1 and 0 <= xx <= n - 1 and yy == xx:
                    v += w
            k[y, x] = v
    return k / k.sum()


def gaussian_kernel(sigma):
    """Gaussian kernel of size 2r+1 with r = ceil(3 sigma), sum 1."""
    r = int(math.ceil(3.0 * sigma))
    ax = np.arange(2 * r + 1, dtype=np.float64) - r
    xx, yy = np.meshgrid(ax, ax)
    k = np.exp(-(xx ** 2 + yy ** 2) / (2.0 * sigma ** 2))
    return k / k.sum()


def protocol_draw(protocol, seed, name):
    """Seeded kernel for (protocol, seed, name).

    Returns:
        (kernel, params, generator): params is {"L", "angle"} or {"sigma"}; the generator is
        positioned right after the kernel draws, ready for the noise field.
    """
    g = seeded_generator(protocol, seed, name)
    if protocol == "motion":
        length = MOTION_L_MIN + int(math.floor(g.uniform() * 19))
        angle = -45.0 + 90.0 * g.uniform()
        return motion_kernel(length, angle), {"L": length, "angle": angle}, g
    if protocol == "gaussian":
        sigma = 1.0 + 2.0 * g.uniform()
        return gaussian_kernel(sigma), {"sigma": sigma}, g
    raise ValueError(f"unknown blur protocol {protocol!r} (motion, gaussian)")


def convolve(img, kernel):
    """True convolution, same size, numpy 'reflect' padding, every channel alike.

    Args:
        img: float64 array H x W or H x W x C.
        kernel: float64 array kh x kw.
    """
    img = np.asarray(img, dtype=np.float64)
    squeeze = img.ndim == 2
    if squeeze:
        img = img[:, :, None]
    kh, kw = kernel.shape
    ci, cj = (kh - 1) // 2, (kw - 1) // 2
    h, w = img.shape[:2]
    # out[y,x] = sum K[i,j] img[y+ci-i, x+cj-j]; padded index = y + ci - i + top with top = kh-1-ci
    top, left = kh - 1 - ci, kw - 1 - cj
    bottom, right = ci, cj
    pad = np.pad(img, ((top, bottom), (left, right), (0, 0)), mode="reflect")
    out = np.zeros_like(img)
    for i in range(kh):
        for j in range(kw):
            kv = kernel[i, j]
            if kv == 0.0:
                continue
            oy = ci - i + top
            ox = cj - j + left
            out += kv * pad[oy:oy + h, ox:ox + w, :]
    return out[:, :, 0] if squeeze else out


def noise_field(generator, shape, sigma=NOISE_SIGMA):
    """Noise values in row-major, channel-last order (y, x, c) from the seeded stream."""
    n = int(np.prod(shape))
    vals = np.fromiter((generator.gaussian(sigma) for _ in range(n)), dtype=np.float64, count=n)
    return vals.reshape(shape)


def protocol_blur(img, protocol, seed, name, noise=True):
    """Blur an image in [0, 1] (H x W or H x W x C) with the test protocol; returns float64 in [0, 1]."""
    kernel, params, g = protocol_draw(protocol, seed, name)
    out = convolve(img, kernel)
    if noise:
        out = np.clip(out + noise_field(g, out.shape), 0.0, 1.0)
    return out, kernel, params


def random_training_kernel(rng):
    """Random training kernel (80 % motion L in [7, 25], angle in [-45, 45]; 20 % gaussian sigma in [1, 3]).

    Args:
        rng: a ``random.Random``.
    """
    if rng.random() < MOTION_SHARE:
        return motion_kernel(rng.randint(MOTION_L_MIN, MOTION_L_MAX), rng.uniform(-45.0, 45.0))
    return gaussian_kernel(rng.uniform(1.0, 3.0))


def embed_kernel(kernel, size=25):
    """Place a kh x kw kernel in a size x size grid with the same convolution semantics.

    The spec's centre is ((kh-1)//2, (kw-1)//2); it lands on the grid centre, so an even kernel keeps
    its half-pixel shift exactly as the test protocol applies it.
    """
    kh, kw = kernel.shape
    c = (size - 1) // 2
    oi, oj = c - (kh - 1) // 2, c - (kw - 1) // 2
    if oi < 0 or oj < 0 or oi + kh > size or oj + kw > size:
        raise ValueError(f"kernel {kernel.shape} does not fit in {size}x{size}")
    out = np.zeros((size, size), dtype=np.float64)
    out[oi:oi + kh, oj:oj + kw] = kernel
    return out
