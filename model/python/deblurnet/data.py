"""Image loading, RAM cache, on-the-fly training blur and the fixed validation set."""
import hashlib
import os
import pickle
import random

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from . import blur

MODALITIES = ("chest_xray", "dermoscopy", "microscopy", "ct", "mri")
DEFAULT_DATA = "/work/shared/data"
CACHE_DIR = os.environ.get("DEBLURNET_CACHE", "/tmp/deblurnet-cache")
MARGIN = 12  # half the largest training kernel: crops are blurred from real neighbours


def load_image(path, keep_uint8=False):
    """Read an image as float32 H x W (grey) or H x W x 3 (colour) in [0, 1].

    8-bit by 255; 16-bit by the image's own min-max; RGB with R=G=B becomes grey. With keep_uint8,
    8-bit images stay uint8 (4x less RAM in the training cache; ``as_float`` scales them later).
    """
    im = Image.open(path)
    a = np.asarray(im)
    if a.dtype == np.uint16 or a.dtype == np.int32 or im.mode.startswith("I"):
        a = a.astype(np.float64)
        lo, hi = a.min(), a.max()
        a = (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)
        return a.astype(np.float32)
    if a.ndim == 3:
        a = a[:, :, :3]
        if np.array_equal(a[:, :, 0], a[:, :, 1]) and np.array_equal(a[:, :, 0], a[:, :, 2]):
            a = a[:, :, 0]
    a = np.ascontiguousarray(a)
    return a if keep_uint8 else as_float(a)


def as_float(a):
    """uint8 -> float32 / 255; float arrays unchanged."""
    return a.astype(np.float32) / 255.0 if a.dtype == np.uint8 else a


def list_images(root, modality):
    d = os.path.join(root, modality)
    return sorted(os.path.join(d, f) for f in os.listdir(d)
                  if f.lower().endswith((".png", ".jpg", ".jpeg")))


def load_split(root, split="train", per_modality=None):
    """Decoded images by modality, cached (pickle) in CACHE_DIR; per_modality limits the count."""
    key = hashlib.sha256(f"{os.path.abspath(root)}|{split}|{per_modality}|v2".encode()).hexdigest()[:16]
    cache = os.path.join(CACHE_DIR, f"{split}-{key}.pkl")
    if os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)
    images = {}
    for mod in MODALITIES:
        paths = list_images(os.path.join(root, split), mod)
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


class BlurBatcher:
    """Draws training batches: modality uniform, image uniform, random crop, flips, random kernel,
    true convolution from real neighbours (crop + MARGIN), Gaussian noise (sigma 0.005), clip.

    Args:
        images: {modality: [float32 arrays]} from load_split.
        crop: crop size.
        seed: seed of the python/numpy generators (torch's generator draws the noise).
    """

    def __init__(self, images, crop=128, seed=0):
        self.images = {m: v for m, v in images.items() if v}
        self.mods = sorted(self.images)
        self.crop = crop
        self.rng = random.Random(seed)

    def sample(self):
        rng = self.rng
        img = self.images[rng.choice(self.mods)]
        img = img[rng.randrange(len(img))]
        big = self.crop + 2 * MARGIN
        h, w = img.shape[:2]
        y = rng.randrange(max(1, h - big + 1))
        x = rng.randrange(max(1, w - big + 1))
        c = as_float(_reflect_crop(img, y, x, big))
        if rng.random() < 0.5:
            c = c[:, ::-1]
        if rng.random() < 0.5:
            c = c[::-1]
        t = torch.from_numpy(np.ascontiguousarray(c))
        t = t[None] if t.ndim == 2 else t.permute(2, 0, 1)
        blurred = blur_interior(t, blur.random_training_kernel(rng), MARGIN, self.crop)
        sharp = t[:, MARGIN:MARGIN + self.crop, MARGIN:MARGIN + self.crop]
        if sharp.shape[0] == 1:
            sharp, blurred = sharp.expand(3, -1, -1), blurred.expand(3, -1, -1)
        return blurred, sharp

    def batch(self, n):
        pairs = [self.sample() for _ in range(n)]
        blurry = torch.stack([p[0] for p in pairs])
        sharp = torch.stack([p[1] for p in pairs]).contiguous()
        blurry = (blurry + blur.NOISE_SIGMA * torch.randn_like(blurry)).clamp_(0.0, 1.0)
        return blurry, sharp


def validation_set(root=DEFAULT_DATA, per_modality=4, size=256, protocol="motion", seed=1):
    """Fixed validation pairs: test images blurred with the seeded protocol (full image, noise on),
    then centre-cropped to at most size x size (multiple of 16). Cached in CACHE_DIR.

    Returns:
        list of (modality, name, blurry HxWx{1,3} float32, sharp same shape)
    """
    key = f"val-{protocol}-{seed}-{per_modality}-{size}-v1.pkl"
    cache = os.path.join(CACHE_DIR, key)
    if os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)
    out = []
    for mod in MODALITIES:
        paths = list_images(os.path.join(root, "test"), mod)
        paths = paths[:: max(1, len(paths) // per_modality)][:per_modality]
        for p in paths:
            sharp = load_image(p)
            name = os.path.basename(p)
            blurred, _, _ = blur.protocol_blur(sharp, protocol, seed, name, noise=True)
            h, w = sharp.shape[:2]
            ch, cw = min(size, h) // 16 * 16, min(size, w) // 16 * 16
            y, x = (h - ch) // 2, (w - cw) // 2
            out.append((mod, name, blurred[y:y + ch, x:x + cw].astype(np.float32),
                        sharp[y:y + ch, x:x + cw].astype(np.float32)))
    os.makedirs(CACHE_DIR, exist_ok=True)
    tmp = f"{cache}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        pickle.dump(out, f, protocol=4)
    os.replace(tmp, cache)
    return out


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


@torch.no_grad()
def evaluate(model, val, device="cpu"):
    """Average PSNR of model output and of the blurry input, overall and per modality."""
    was_training = model.training
    model.eval()
    res = {}
    for mod, _, blurry, sharp in val:
        out = from_tensor(model(to_tensor(blurry).to(device)).cpu(), blurry.ndim == 2)
        r = res.setdefault(mod, [[], []])
        r[0].append(psnr(out, sharp))
        r[1].append(psnr(blurry, sharp))
    model.train(was_training)
    per_mod = {m: (float(np.mean(v[0])), float(np.mean(v[1]))) for m, v in res.items()}
    all_out = [x for v in res.values() for x in v[0]]
    all_in = [x for v in res.values() for x in v[1]]
    return float(np.mean(all_out)), float(np.mean(all_in)), per_mod
