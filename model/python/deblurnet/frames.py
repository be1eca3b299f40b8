"""Frames as the gateway sees them: integer samples, the network's [0, 1] scale chosen from the frame itself.

The gateway (``Normalisation.of`` / ``FrameNormalizer.rangeOf`` in the model module) feeds the network
``(sample - lo) / (hi - lo)`` where lo..hi is the 8-bit type range for 8-bit frames and the *received* (blurry)
frame's own min-max for deeper frames, and maps the output back with the same affine map, clamped to lo..hi.
Training and validation use that map here, so a 16-bit MRI whose blurred peak sits below the sharp peak is
stretched in training exactly as it is at inference.
"""
import hashlib
import os
import re

import numpy as np
from scipy import signal


def quantize(img, levels):
    """Round values on a [0, 1] scale to ``levels`` steps (255 for 8-bit, the stored span for deep frames)."""
    if levels <= 0:
        return np.zeros_like(img)
    return np.round(np.clip(img, 0.0, 1.0) * levels) / levels


def frame_range(blurry, deep):
    """The gateway's lo, hi on the sharp image's [0, 1] scale: 0, 1 for 8-bit frames, the frame's min-max else."""
    if not deep:
        return 0.0, 1.0
    return float(blurry.min()), float(blurry.max())


def to_network(img, lo, hi):
    """``(img - lo) / (hi - lo)``; a constant frame (hi == lo) divides by 1, as the gateway does."""
    span = hi - lo if hi > lo else 1.0
    return (img - lo) / span


def from_network(y, lo, hi):
    """The inverse, clamped to the frame's range as the gateway clamps to [0, 1] before mapping back."""
    return lo + np.clip(y, 0.0, 1.0) * (hi - lo)


def convolve_fft(img, kernel):
    """``blur.convolve`` (true convolution, numpy 'reflect' padding, same size) through an FFT: exact up to
    float rounding and fast enough to blur a whole 512 x 512 frame for every deep training sample."""
    kh, kw = kernel.shape
    ci, cj = (kh - 1) // 2, (kw - 1) // 2
    top, left = kh - 1 - ci, kw - 1 - cj
    squeeze = img.ndim == 2
    a = img[:, :, None] if squeeze else img
    h, w = a.shape[:2]
    pad = np.pad(a, ((top, ci), (left, cj), (0, 0)), mode="reflect")
    out = np.stack([signal.fftconvolve(pad[:, :, c], kernel, mode="valid") for c in range(a.shape[2])], axis=2)
    out = out[:h, :w]
    return out[:, :, 0] if squeeze else out


_GROUP = {
    # one patient's images stay on one side of the split
    "chest_xray": re.compile(r"^(person\d+|NORMAL2-IM-\d+|IM-\d+)"),
    "ct": re.compile(r"^(TCGA-\d+-[A-Z0-9]+)"),
}
# the MRI training set is one volume (VS-SEG-001, 120 slices): a slab of 12 contiguous mid-brain slices is
# held out instead of a patient (its neighbours 060 and 073 stay in training: one near-duplicate each side)
_MRI_SLICE = re.compile(r"_(\d{3})\.png$")
MRI_VALIDATION_SLICES = range(61, 73)


def group_of(modality, name):
    """The unit the validation split holds out: the patient where the file name says it, else the image."""
    pat = _GROUP.get(modality)
    m = pat.match(name) if pat else None
    return m.group(1) if m else name


def is_validation(modality, name, share=10):
    """True for the ~1/share of training groups held out for validation (stable: SHA-256 of the group)."""
    if modality == "mri":
        m = _MRI_SLICE.search(name)
        return bool(m) and int(m.group(1)) in MRI_VALIDATION_SLICES
    key = hashlib.sha256(f"{modality}|{group_of(modality, name)}".encode()).digest()
    return int.from_bytes(key[:4], "big") % share == 0


def split_paths(paths, modality, part):
    """part None: all; 'fit': the training part; 'val': the held-out part."""
    if part is None:
        return list(paths)
    want = part == "val"
    return [p for p in paths if is_validation(modality, os.path.basename(p)) == want]
