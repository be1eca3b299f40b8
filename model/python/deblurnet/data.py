"""Image loading, RAM cache, on-the-fly training blur and the validation set held out of train/."""
import collections
import dataclasses
import hashlib
import os
import pickle
import random

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from . import blur, frames

MODALITIES = ("chest_xray", "dermoscopy", "microscopy", "ct", "mri")
DEFAULT_DATA = "/work/shared/data"
CACHE_DIR = os.environ.get("DEBLURNET_CACHE", "/tmp/deblurnet-cache")
MARGIN = 12  # half the largest training kernel: crops are blurred from real neighbours


def load_image(path, keep_uint8=False):
    """Read an image as float32 H x W (grey) or H x W x 3 (colour) in [0, 1].

    8-bit by 255; 16-bit by the image's own min-max; RGB with R=G=B becomes grey. With keep_uint8,
    8-bit images stay uint8 (4x less RAM in the training cache; ``as_float`` scales them later) and
    16-bit images become uint16 ``sample - min`` (so their stored span, the quantisation step of a
    frame the gateway receives, is ``a.max()``).
    """
    im = Image.open(path)
    a = np.asarray(im)
    if a.dtype == np.uint16 or a.dtype == np.int32 or im.mode.startswith("I"):
        a = a.astype(np.int64)
        lo, hi = a.min(), a.max()
        if keep_uint8 and hi - lo <= 65535:
            return (a - lo).astype(np.uint16)
        a = a.astype(np.float64)
        a = (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)
        return a.astype(np.float32)
    if a.ndim == 3:
        a = a[:, :, :3]
        if np.array_equal(a[:, :, 0], a[:, :, 1]) and np.array_equal(a[:, :, 0], a[:, :, 2]):
            a = a[:, :, 0]
    a = np.ascontiguousarray(a)
    return a if keep_uint8 else as_float(a)


def as_float(a):
    """uint8 -> float32 / 255; uint16 (``sample - min``, see load_image) -> / its max; float unchanged."""
    if a.dtype == np.uint8:
        return a.astype(np.float32) / 255.0
    if a.dtype == np.uint16:
        span = int(a.max())
        return a.astype(np.float32) / span if span > 0 else np.zeros(a.shape, np.float32)
    return a


def is_deep(a):
    """A cached 16-bit frame (uint16, see load_image): the gateway scales it by its own range."""
    return a.dtype == np.uint16


def list_images(root, modality):
    d = os.path.join(root, modality)
    return sorted(os.path.join(d, f) for f in os.listdir(d)
                  if f.lower().endswith((".png", ".jpg", ".jpeg")))


def load_split(root, split="train", per_modality=None, part=None):
    """Decoded images by modality, cached (pickle) in CACHE_DIR; per_modality limits the count.

    part: None for every image of the split, "fit" / "val" for the training / held-out validation part
    (``frames.is_validation``: by patient where names say it, a slab of slices for the one MRI volume).
    """
    key = hashlib.sha256(f"{os.path.abspath(root)}|{split}|{per_modality}|{part}|v3".encode()).hexdigest()[:16]
    cache = os.path.join(CACHE_DIR, f"{split}-{key}.pkl")
    if os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)
    images = {}
    for mod in MODALITIES:
        paths = frames.split_paths(list_images(os.path.join(root, split), mod), mod, part)
        if per_modality:
            paths = paths[:: max(1, len(paths) // per_modality)][:per_modality]
        images[mod] = [load_image(p, keep_uint8=True) for p in paths]
    os.makedirs(CACHE_DIR, exist_ok=True)
    tmp = f"{cache}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        pickle.dump(images, f, protocol=4)
    os.replace(tmp, cache)
    return images


def _reflect_crop(img, y, x, size):
    """size x size crop starting at (y, x); images smaller than size are reflection-padded first."""
    h, w = img.shape[:2]
    ph, pw = max(0, size - h), max(0, size - w)
    if ph or pw:
        pad = ((ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2)) + ((0, 0),) * (img.ndim - 2)
        img = np.pad(img, pad, mode="reflect" if min(h, w) > max(ph, pw) else "symmetric")
        h, w = img.shape[:2]
        y, x = min(y, h - size), min(x, w - size)
    return img[y:y + size, x:x + size]


def blur_interior(t, kernel, margin, size):
    """Spec convolution of a C x H x W tensor, evaluated on the size x size window at (margin, margin)
    from real neighbours only (equals ``blur.convolve`` there when the kernel reach <= margin).
    """
    kh, kw = kernel.shape
    ci, cj = (kh - 1) // 2, (kw - 1) // 2
    # true convolution = correlation with the flipped kernel; window aligned with the spec centre
    kf = torch.from_numpy(np.ascontiguousarray(kernel[::-1, ::-1])).to(t.dtype)[None, None]
    y0, x0 = margin - (kh - 1 - ci), margin - (kw - 1 - cj)
    win = t[:, y0:y0 + size + kh - 1, x0:x0 + size + kw - 1]
    return F.conv2d(win[:, None], kf)[:, 0]


@dataclasses.dataclass(frozen=True)
class Recipe:
    """What a training sample looks like (defaults: the recipe of issue #14; all off: the first recipe).

    sharp_share: share of samples left unblurred (input = target, no noise added), so the network learns
    to leave a sharp image alone. barely_share: share blurred barely (gaussian sigma 0.3..0.8 or motion L 2..5).
    frame_norm: scale 16-bit frames as the gateway does (by the blurry frame's own min-max), blur and noise
    the whole frame and quantise to its stored levels; 8-bit crops are quantised to 1/255 as received.
    augment: random intensity window, gamma, contrast, resampling, rotation by 90 degrees and noise level.
    """
    sharp_share: float = 0.15
    barely_share: float = 0.10
    frame_norm: bool = True
    augment: bool = True

    @staticmethod
    def first():
        return Recipe(0.0, 0.0, False, False)


def _barely_kernel(rng):
    if rng.random() < 0.5:
        return blur.gaussian_kernel(rng.uniform(0.3, 0.8))
    return blur.motion_kernel(rng.randint(2, 5), rng.uniform(-45.0, 45.0))


def augment_intensity(img, rng):
    """One of: a window (clip a sub-range and stretch it), a gamma, a contrast change around the mean."""
    r = rng.random()
    if r < 1 / 3:
        lo, hi = rng.uniform(0.0, 0.15), rng.uniform(0.85, 1.0)
        return np.clip((img - lo) / (hi - lo), 0.0, 1.0)
    if r < 2 / 3:
        return np.power(np.clip(img, 0.0, 1.0), rng.uniform(0.6, 1.6))
    m = float(img.mean())
    return np.clip(m + (img - m) * rng.uniform(0.7, 1.3), 0.0, 1.0)


def _resample(img, scale):
    t = torch.from_numpy(np.ascontiguousarray(img, dtype=np.float32))
    t = t[None, None] if t.ndim == 2 else t.permute(2, 0, 1)[None]
    h, w = t.shape[-2:]
    size = (max(8, int(round(h * scale))), max(8, int(round(w * scale))))
    out = F.interpolate(t, size=size, mode="area" if scale < 1 else "bilinear", align_corners=None if scale < 1 else False)
    out = out[0, 0] if img.ndim == 2 else out[0].permute(1, 2, 0)
    return out.clamp_(0.0, 1.0).numpy().astype(np.float64)


class BlurBatcher:
    """Draws training batches: modality uniform, image uniform, random crop, flips, random kernel,
    true convolution from real neighbours, Gaussian noise (sigma 0.005), clip; see Recipe for the rest.

    Args:
        images: {modality: [arrays]} from load_split (uint8, or uint16 for 16-bit frames).
        crop: crop size.
        seed: seed of the python/numpy generators (torch's generator draws the noise).
        recipe: a Recipe.
    """

    # a blurred 16-bit frame is reused for 1 / FRAME_REFRESH draws on average (other crops of it): blurring
    # a whole 512 x 512 frame costs ~0.1-0.3 s on the shared CPU, more than the training step it feeds
    FRAME_REFRESH = 0.25

    def __init__(self, images, crop=128, seed=0, recipe=Recipe()):
        self.images = {m: v for m, v in images.items() if v}
        self.mods = sorted(self.images)
        self.crop = crop
        self.rng = random.Random(seed)
        self.recipe = recipe
        self._frames = {}

    def _kernel(self):
        rng, rc = self.rng, self.recipe
        r = rng.random()
        if r < rc.sharp_share:
            return None
        if r < rc.sharp_share + rc.barely_share:
            return _barely_kernel(rng)
        return blur.random_training_kernel(rng)

    def _noise_sigma(self):
        if self.recipe.augment and self.rng.random() < 0.3:
            return self.rng.uniform(0.0, 0.015)
        return blur.NOISE_SIGMA

    def _geometry(self, c):
        rng = self.rng
        if rng.random() < 0.5:
            c = c[:, ::-1]
        if rng.random() < 0.5:
            c = c[::-1]
        if self.recipe.augment and rng.random() < 0.5:
            c = np.rot90(c, rng.randrange(1, 4))
        return c

    def sample(self):
        rng, rc = self.rng, self.recipe
        mod = rng.choice(self.mods)
        index = rng.randrange(len(self.images[mod]))
        img = self.images[mod][index]
        if rc.frame_norm and is_deep(img):
            return self._sample_frame(img, (mod, index))
        scale = rng.uniform(0.6, 1.4) if rc.augment and rng.random() < 0.3 else 1.0
        big = self.crop + 2 * MARGIN
        src = int(np.ceil(big / scale)) if scale != 1.0 else big
        h, w = img.shape[:2]
        y = rng.randrange(max(1, h - src + 1))
        x = rng.randrange(max(1, w - src + 1))
        c = as_float(_reflect_crop(img, y, x, src))
        if scale != 1.0:
            c = _resample(c, big / src)[:big, :big]
            c = _reflect_crop(c, 0, 0, big)
        c = self._geometry(c)
        if rc.augment and rng.random() < 0.5:
            c = augment_intensity(np.asarray(c, np.float64), rng)
        if rc.frame_norm:
            c = frames.quantize(c, 255)
        t = torch.from_numpy(np.ascontiguousarray(c, dtype=np.float32))
        t = t[None] if t.ndim == 2 else t.permute(2, 0, 1)
        sharp = t[:, MARGIN:MARGIN + self.crop, MARGIN:MARGIN + self.crop]
        kernel = self._kernel()
        if kernel is None:
            blurred = sharp.clone()
        else:
            blurred = blur_interior(t, kernel, MARGIN, self.crop)
            blurred = (blurred + self._noise_sigma() * torch.randn_like(blurred)).clamp_(0.0, 1.0)
            if rc.frame_norm:
                blurred = torch.round(blurred * 255) / 255
        if sharp.shape[0] == 1:
            sharp, blurred = sharp.expand(3, -1, -1), blurred.expand(3, -1, -1)
        return blurred, sharp

    def _sample_frame(self, img, key):
        """A 16-bit frame as the gateway receives it: the whole frame blurred, noised and quantised to its
        stored levels, scaled by its own min-max; then a crop. The target is scaled by the same map."""
        rng = self.rng
        kernel = self._kernel()
        if kernel is None:
            b, s = self._frame(img, None)
        else:
            cached = self._frames.get(key)
            if cached is None or rng.random() < self.FRAME_REFRESH:
                cached = self._frames[key] = self._frame(img, kernel)
            b, s = cached
        h, w = s.shape[:2]
        y = rng.randrange(max(1, h - self.crop + 1))
        x = rng.randrange(max(1, w - self.crop + 1))
        pair = []
        for a in (b, s):
            t = torch.from_numpy(np.ascontiguousarray(_reflect_crop(a, y, x, self.crop), dtype=np.float32))
            pair.append(t[None].expand(3, -1, -1))
        return pair[0], pair[1]

    def _frame(self, img, kernel):
        """(network input, target) of a whole 16-bit frame, float32, after augmentation and blur."""
        rng, rc = self.rng, self.recipe
        levels = int(img.max())
        f = as_float(img).astype(np.float64)
        if rc.augment and rng.random() < 0.3:
            f = _resample(f, rng.uniform(0.6, 1.4))
            f = (f - f.min()) / max(1e-12, f.max() - f.min())
        f = np.asarray(self._geometry(f))
        if rc.augment and rng.random() < 0.5:
            f = augment_intensity(f, rng)
        f = frames.quantize(f, levels)
        if kernel is None:
            b = f
        else:
            b = frames.convolve_fft(f, kernel)
            b = b + self._noise_sigma() * np.asarray(torch.randn(b.shape, dtype=torch.float64))
            b = frames.quantize(b, levels)
        lo, hi = frames.frame_range(b, deep=True)
        b = frames.to_network(b, lo, hi)
        s = np.clip(frames.to_network(f, lo, hi), 0.0, 1.0)  # the gateway clamps its output to the frame's range
        return b.astype(np.float32), s.astype(np.float32)

    def batch(self, n):
        pairs = [self.sample() for _ in range(n)]
        blurry = torch.stack([p[0] for p in pairs]).contiguous()
        sharp = torch.stack([p[1] for p in pairs]).contiguous()
        return blurry, sharp


ValPair = collections.namedtuple("ValPair", "modality name protocol network_input sharp lo hi levels")


def heldout_validation_set(root=DEFAULT_DATA, per_modality=6, size=256, protocols=("motion", "sharp"), seed=1):
    """Validation pairs from the held-out part of train/ (``frames.is_validation``), as the gateway sees them.

    Each image is blurred whole with the seeded protocol (``sharp``: left as it is), quantised to its stored
    levels (255, or the 16-bit span), scaled as the gateway scales it (``frames.frame_range``) and centre-cropped
    to at most size x size (multiple of 16). ``evaluate`` maps the output back with the same map, quantises it and
    scores it against the sharp image on the sharp image's scale, as ``./deblur eval`` does. Cached in CACHE_DIR.
    """
    key = hashlib.sha256(f"{os.path.abspath(root)}|{per_modality}|{size}|{protocols}|{seed}|v1".encode())
    cache = os.path.join(CACHE_DIR, f"heldout-{key.hexdigest()[:16]}.pkl")
    if os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)
    out = []
    for mod in MODALITIES:
        paths = frames.split_paths(list_images(os.path.join(root, "train"), mod), mod, "val")
        paths = paths[:: max(1, len(paths) // per_modality)][:per_modality]
        for p in paths:
            raw = load_image(p, keep_uint8=True)
            deep = is_deep(raw)
            levels = int(raw.max()) if deep else 255
            sharp = as_float(raw).astype(np.float64)
            name = os.path.basename(p)
            h, w = sharp.shape[:2]
            ch, cw = min(size, h) // 16 * 16, min(size, w) // 16 * 16
            y, x = (h - ch) // 2, (w - cw) // 2
            for protocol in protocols:
                if protocol == "sharp":
                    blurred = sharp
                else:
                    blurred, _, _ = blur.protocol_blur(sharp, protocol, seed, name, noise=True)
                    blurred = frames.quantize(blurred, levels)
                lo, hi = frames.frame_range(blurred, deep)
                net_in = frames.to_network(blurred, lo, hi)
                out.append(ValPair(mod, name, protocol, net_in[y:y + ch, x:x + cw].astype(np.float32),
                                   sharp[y:y + ch, x:x + cw].astype(np.float32), lo, hi, levels))
    os.makedirs(CACHE_DIR, exist_ok=True)
    tmp = f"{cache}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        pickle.dump(out, f, protocol=4)
    os.replace(tmp, cache)
    return out


@torch.no_grad()
def evaluate_heldout(model, val, device="cpu"):
    """{protocol: (PSNR of the output, PSNR of the input, {modality: (output, input)})}, averages over images;
    the output is mapped back to the frame's scale and quantised as the gateway writes it."""
    was_training = model.training
    model.eval()
    res = {}
    for v in val:
        grey = v.network_input.ndim == 2
        y = from_tensor(model(to_tensor(v.network_input).to(device)).cpu(), grey)
        restored = frames.quantize(frames.from_network(y, v.lo, v.hi), v.levels)
        received = frames.from_network(v.network_input, v.lo, v.hi)
        r = res.setdefault(v.protocol, {}).setdefault(v.modality, [[], []])
        r[0].append(psnr(restored, v.sharp))
        r[1].append(psnr(received, v.sharp))
    model.train(was_training)
    summary = {}
    for protocol, by_mod in res.items():
        per_mod = {m: (float(np.mean(o)), float(np.mean(i))) for m, (o, i) in by_mod.items()}
        summary[protocol] = (float(np.mean([x for o, _ in by_mod.values() for x in o])),
                             float(np.mean([x for _, i in by_mod.values() for x in i])), per_mod)
    return summary


def to_tensor(img):
    """H x W or H x W x 3 float32 -> 1 x 3 x H x W (grey repeated)."""
    t = torch.from_numpy(np.ascontiguousarray(img))
    t = t[None].expand(3, -1, -1) if t.ndim == 2 else t.permute(2, 0, 1)
    return t[None].contiguous()


def from_tensor(t, grey):
    """1 x 3 x H x W -> H x W (mean of the channels) when grey, else H x W x 3."""
    t = t[0].float()
    return t.mean(0).numpy() if grey else t.permute(1, 2, 0).numpy()


def psnr(a, b):
    mse = float(np.mean((np.asarray(a, np.float64) - np.asarray(b, np.float64)) ** 2))
    return 99.0 if mse <= 1e-12 else 10.0 * np.log10(1.0 / mse)
