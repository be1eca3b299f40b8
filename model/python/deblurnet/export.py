"""``python3 -m deblurnet.export --model ID --checkpoint DIR --out model/weights/ID/``

Writes TorchScript ``model.pt`` (fp32) and ``model-bf16.pt`` (weights and input cast to bfloat16
inside, output float32), plus ``model.json``. Checks that the traced module accepts two other sizes
and reproduces the eager model to 1e-5.
"""
import argparse
import datetime
import hashlib
import json
import os

import torch
from torch import nn

from . import __version__
from .flops import count_parameters, flops_per_pixel
from .models import MODEL_IDS, build
from .train import starting_card

NORMALISATION = ("float32 N x 3 x H x W in [0, 1]: 8-bit samples / 255, 16-bit samples by the image's "
                 "own min-max; grey images as R=G=B, use the mean of the 3 output channels; H and W "
                 "multiples of size_multiple (pad by reflection, crop back); output in [0, 1]")
MAX_BYTES = 30 * 1024 * 1024


class Bf16Wrapper(nn.Module):
    """Runs the wrapped model in bfloat16 (weights cast at export, input cast inside), returns float32.

    Args:
        model: the network; converted in place to bfloat16.
    """

    def __init__(self, model):
        super().__init__()
        self.model = model.to(torch.bfloat16)

    def forward(self, x):
        return self.model(x.to(torch.bfloat16)).to(torch.float32)


def training_data(recipe):
    """What the samples were, per training recipe (train.py --recipe)."""
    text = ("/work/shared/data/train (chest_xray, dermoscopy, microscopy, ct, mri; modalities sampled evenly); "
            "on-the-fly blur: 80% motion L 7..25 angle -45..45, 20% gaussian sigma 1..3, noise sigma 0.005")
    if recipe == "issue14":
        text = ("/work/shared/data/train less the held-out validation images (chest_xray, dermoscopy, microscopy, "
                "ct, mri; modalities sampled evenly); 15% of samples unblurred, 10% barely blurred (gaussian sigma "
                "0.3..0.8 or motion L 2..5), the rest 80% motion L 7..25 angle -45..45, 20% gaussian sigma 1..3; "
                "noise sigma 0.005 (0..0.015 for 30% of samples); augmentation: intensity window, gamma, contrast, "
                "resampling 0.6..1.4x, "
                "flips, 90-degree rotations; 16-bit frames scaled by the blurry frame's own min-max as the gateway "
                "does, quantised to stored levels")
    return text


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def trace(module, example):
    with torch.no_grad():
        return torch.jit.trace(module.eval(), example, check_trace=False)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", required=True, choices=MODEL_IDS)
    ap.add_argument("--checkpoint", required=True, help="training run directory (or checkpoint.pt)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--training-note", default=None,
                    help="free text stored as training.note (e.g. a change of batch/crop during the run)")
    ap.add_argument("--starting-card", default=None,
                    help="model.json of the weights a fine-tune started from, for checkpoints that do not record it "
                         "(train.py records it since fine-tunes name their lineage; before, the card beside --init "
                         "was read at export time, which is wrong once those weights were replaced)")
    args = ap.parse_args(argv)

    ckpt = args.checkpoint
    if os.path.isdir(ckpt):
        ckpt = os.path.join(ckpt, "checkpoint.pt")
    ck = torch.load(ckpt, map_location="cpu")
    if ck["model_id"] != args.model:
        raise SystemExit(f"checkpoint holds {ck['model_id']!r}, not {args.model!r}")
    model = build(args.model, **ck.get("model_args", {}))
    # a run trained with --weight-ema validated (and is judged by) its averaged weights
    weights = ck.get("model_ema", ck["model"])
    model.load_state_dict(weights)
    model.eval()
    m = model.size_multiple
    os.makedirs(args.out, exist_ok=True)

    torch.manual_seed(0)
    example = torch.rand(1, 3, 8 * m if m < 16 else 128, 8 * m if m < 16 else 128)
    fp32_path = os.path.join(args.out, "model.pt")
    bf16_path = os.path.join(args.out, "model-bf16.pt")
    ts = trace(model, example)
    ts.save(fp32_path)

    # two other sizes (non-square, odd multiples): the traced graph must generalise
    sizes = [(5 * m if m > 1 else 37, 7 * m if m > 1 else 53), (9 * m if m > 1 else 61, 3 * m if m > 1 else 29)]
    loaded = torch.jit.load(fp32_path)
    max_err = 0.0
    with torch.no_grad():
        for h, w in sizes:
            x = torch.rand(2, 3, h, w)
            ref = model(x)
            got = loaded(x)
            if got.shape != x.shape:
                raise SystemExit(f"traced output shape {tuple(got.shape)} for input {tuple(x.shape)}")
            max_err = max(max_err, float((ref - got).abs().max()))
    if max_err > 1e-5:
        raise SystemExit(f"TorchScript differs from eager by {max_err:g} > 1e-5")

    bf16_model = build(args.model, **ck.get("model_args", {}))
    bf16_model.load_state_dict(weights)
    ts16 = trace(Bf16Wrapper(bf16_model), example)
    ts16.save(bf16_path)
    with torch.no_grad():
        x = torch.rand(1, 3, *sizes[0])
        out16 = torch.jit.load(bf16_path)(x)
        bf16_err = float((out16 - model(x)).abs().max())
        if out16.dtype != torch.float32 or out16.shape != x.shape:
            raise SystemExit("bf16 module must return float32 of the input shape")

    for p in (fp32_path, bf16_path):
        if os.path.getsize(p) > MAX_BYTES:
            raise SystemExit(f"{p} is {os.path.getsize(p)} bytes > 30 MB")

    cfg = ck.get("config", {})
    # A fine-tune continues the weights it started from: its version counts their steps too, and the card says so.
    start = cfg.get("init_card")
    if args.starting_card:
        start = starting_card(args.starting_card)
    elif start is None and cfg.get("init"):
        start = starting_card(cfg["init"])
    total_steps = ck["step"] + ((start or {}).get("steps") or 0)
    meta = {
        "id": args.model,
        "version": f"{__version__}+step{total_steps}",
        "sha256": {"model.pt": sha256(fp32_path), "model-bf16.pt": sha256(bf16_path)},
        "parameters": count_parameters(model),
        "flops_per_pixel": round(flops_per_pixel(model, 256, 256)),
        "size_multiple": m,
        "channels": 3,
        "input_normalisation": NORMALISATION,
        "exported_utc": datetime.datetime.utcnow().replace(microsecond=0).isoformat() + "Z",
        "torch_version": torch.__version__,
        "training": {
            "data": training_data(cfg.get("recipe", "first")),
            "steps": total_steps,
            "fine_tuned_from": start,
            "fine_tune_steps": ck["step"] if start else None,
            "batch": cfg.get("batch"),
            "crop": cfg.get("crop"),
            "loss": cfg.get("loss"),
            "lr": cfg.get("lr"),
            "wall_time_s": round(ck["wall_time_s"], 1),
            "final_loss": ck.get("final_loss"),
            "weight_ema": ck.get("weight_ema"),
            "note": args.training_note,
        },
        "export_check": {"max_abs_err_fp32_vs_eager": max_err, "max_abs_err_bf16_vs_eager": bf16_err,
                         "sizes_checked": [list(s) for s in sizes]},
        "evaluation": {},
    }
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(json.dumps({k: meta[k] for k in ("id", "version", "parameters", "flops_per_pixel")}),
          f"fp32 err {max_err:.2e} bf16 err {bf16_err:.2e}")


if __name__ == "__main__":
    main()
