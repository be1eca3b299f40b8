"""Writes tiny TorchScript fixtures for the Java inference tests: ``/usr/bin/python3 make_fixtures.py OUT_DIR``.

OUT_DIR/identity: forward(x) = clamp(x, 0, 1), size multiple 1 (proves normalisation, tiling and blending lossless).
OUT_DIR/tiny: a small conv net with a stride-4 branch, size multiple 4 (shape handling, determinism).
Each with model.pt, model-bf16.pt (bfloat16 inside, float32 out) and a model.json shaped like the exporter's.
"""
import hashlib
import json
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn


class Tiny(nn.Module):
    """A stride-4 branch upsampled back: inputs must be multiples of 4."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 16, 3, padding=1)
        self.c2 = nn.Conv2d(16, 16, 3, stride=4, padding=1)
        self.c3 = nn.Conv2d(32, 3, 3, padding=1)

    def forward(self, x):
        a = F.relu(self.c1(x))
        b = F.interpolate(F.relu(self.c2(a)), scale_factor=4.0, mode="bilinear", align_corners=False)
        return torch.clamp(x + 0.1 * torch.tanh(self.c3(torch.cat([a, b], 1))), 0, 1)


class Identity(nn.Module):
    """Returns its input (clamped to the contract's [0, 1])."""

    def forward(self, x):
        return torch.clamp(x * 1.0, 0, 1)


class Bf16(nn.Module):
    """Runs the wrapped module in bfloat16, returns float32 (as the exporter's model-bf16.pt)."""

    def __init__(self, model):
        super().__init__()
        self.model = model.to(torch.bfloat16)

    def forward(self, x):
        return self.model(x.to(torch.bfloat16)).to(torch.float32)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main(out):
    torch.manual_seed(0)
    example = torch.rand(1, 3, 32, 32)
    for model_id, make, multiple in (("tiny", Tiny, 4), ("identity", Identity, 1)):
        folder = os.path.join(out, model_id)
        os.makedirs(folder, exist_ok=True)
        model = make().eval()
        params = sum(p.numel() for p in model.parameters())
        with torch.no_grad():
            torch.jit.trace(model, example).save(os.path.join(folder, "model.pt"))
            torch.jit.trace(Bf16(model), example).save(os.path.join(folder, "model-bf16.pt"))
        card = {
            "id": model_id,
            "version": "test-fixture",
            "sha256": {f: sha256(os.path.join(folder, f)) for f in ("model.pt", "model-bf16.pt")},
            "parameters": params,
            "flops_per_pixel": 2 * params,
            "size_multiple": multiple,
            "channels": 3,
            "input_normalisation": "float32 N x 3 x H x W in [0, 1]",
            "training": {},
            "evaluation": {},
        }
        with open(os.path.join(folder, "model.json"), "w") as f:
            json.dump(card, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1])
