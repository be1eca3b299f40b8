#!/usr/bin/env python3
"""Python cross-check of `bin/deblur eval`: PSNR of blurry input and network output per modality, whole images.

Runs a training checkpoint eagerly in PyTorch on the first N test images of each modality (by name, as
`bin/deblur eval --limit N`), blurred with the seeded protocol exactly as the Java evaluation does, padded only to the
network's size multiple. A Java figure well below this one points at the Java inference path (normalisation,
padding, tiling) rather than at the weights; that is how the reflected context margin was found (EXPERIMENTS.md).

    /usr/bin/python3 model/tools/python_gain.py /tmp/runs/rdsam-lite-d/checkpoint.pt --limit 20 [--raw-weights]
"""
import argparse
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from deblurnet import blur, data  # noqa: E402
from deblurnet.models import build  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint")
    ap.add_argument("--limit", type=int, default=20, help="first N images per modality (0: all)")
    ap.add_argument("--data", default=data.DEFAULT_DATA)
    ap.add_argument("--protocol", default="motion")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--raw-weights", action="store_true",
                    help="the trained weights, not their moving average (when the run kept one)")
    args = ap.parse_args()

    ck = torch.load(args.checkpoint, map_location="cpu")
    model = build(ck["model_id"], **ck.get("model_args", {}))
    model.load_state_dict(ck["model"] if args.raw_weights else ck.get("model_ema", ck["model"]))
    model.eval()
    torch.set_num_threads(1)
    gains = []
    for mod in data.MODALITIES:
        paths = data.list_images(os.path.join(args.data, "test"), mod)
        paths = paths[:args.limit] if args.limit else paths
        before, after = [], []
        for path in paths:
            sharp = data.load_image(path)
            blurred, _, _ = blur.protocol_blur(sharp, args.protocol, args.seed, os.path.basename(path), noise=True)
            blurred = np.clip(blurred, 0, 1).astype(np.float32)
            h, w = sharp.shape[:2]
            m = model.size_multiple
            x = F.pad(data.to_tensor(blurred), (0, (-w) % m, 0, (-h) % m), mode="reflect")
            with torch.no_grad():
                out = model(x)[:, :, :h, :w].clamp(0, 1)
            before.append(data.psnr(blurred, sharp))
            after.append(data.psnr(data.from_tensor(out, sharp.ndim == 2), sharp))
        gain = float(np.mean(after) - np.mean(before))
        gains.append(gain)
        print(f"{mod:12s} n={len(paths):3d}  blurry {np.mean(before):6.2f}  output {np.mean(after):6.2f}  "
              f"gain {gain:+.2f} dB", flush=True)
    print(f"{'average':12s} gain {np.mean(gains):+.2f} dB (mean over modalities)")


if __name__ == "__main__":
    main()
