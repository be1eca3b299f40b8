"""``python3 -m deblurnet.train``: train a model on on-the-fly blurred crops, resumable.

Checkpoints (model, optimizer, step, RNG states, wall time) are written atomically to
DIR/checkpoint.pt every ``--checkpoint-minutes`` and at the end; a run started on a DIR that holds
a checkpoint resumes from it. Logs: DIR/loss.csv (step, loss, lr, wall_time_s) and DIR/val.csv
(step, protocol, PSNR of output and of the input on the validation set held out of train/).
DIR/best.pt (same format) keeps the checkpoint the held-out validation ranks first (``selection_key``).
"""
import argparse
import csv
import datetime
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import data
from .models import MODEL_IDS, build


def charbonnier(a, b, eps=1e-3):
    return torch.sqrt((a - b) ** 2 + eps * eps).mean()


LOSSES = {"l1": F.l1_loss, "mse": F.mse_loss, "charbonnier": charbonnier}


def lr_at(step, progress, base, warmup=100, floor=0.05):
    """Linear warm-up over ``warmup`` steps, then cosine decay to floor * base as progress goes 0 -> 1."""
    if step < warmup:
        return base * (step + 1) / warmup
    t = min(1.0, max(0.0, progress))
    return base * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * t)))


def parse_deadline(text):
    """'HH:MM' (UTC) -> epoch seconds of its next occurrence (a time already past today means tomorrow)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    hh, mm = (int(v) for v in text.split(":"))
    at = now.replace(hour=hh, minute=mm, second=0, microsecond=0)
    if at <= now:
        at += datetime.timedelta(days=1)
    return at.timestamp()


def save_atomic(obj, path):
    tmp = f"{path}.tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", required=True, choices=MODEL_IDS)
    ap.add_argument("--steps", type=int, required=True, help="total steps (cosine schedule length)")
    ap.add_argument("--out", required=True, help="run directory (checkpoint, logs); resumed if present")
    ap.add_argument("--smoke", action="store_true", help="tiny data subset, quick check (< 1 min on CPU)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--amp", choices=["bf16"], default=None, help="bfloat16 autocast")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--loss", choices=sorted(LOSSES), default="l1")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--crop", type=int, default=128)
    ap.add_argument("--data", default=data.DEFAULT_DATA)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--val-every", type=int, default=500, help="validation PSNR every N steps (0: off)")
    ap.add_argument("--checkpoint-minutes", type=float, default=3.0)
    ap.add_argument("--stop-after-minutes", type=float, default=None,
                    help="stop (and checkpoint) after this much wall time in this invocation")
    ap.add_argument("--stop-at-step", type=int, default=None,
                    help="stop (and checkpoint) at this step without changing the --steps schedule")
    ap.add_argument("--deadline", default=None,
                    help="UTC HH:MM: the cosine schedule runs on max(step/steps, elapsed time / time to the "
                         "deadline) and training stops at the deadline (for shared CPUs of unknown speed)")
    ap.add_argument("--model-args", default="{}", help="JSON kwargs for the model constructor")
    ap.add_argument("--weight-ema", type=float, default=0.0,
                    help="decay of an exponential moving average of the weights (e.g. 0.999; 0: off); when on, "
                         "validation and export use the averaged weights")
    ap.add_argument("--init", default=None,
                    help="start a new run from these weights: a TorchScript model.pt (e.g. ../weights/rdsam-lite/"
                         "model.pt) or a run directory / checkpoint.pt (its averaged weights if it has them)")
    ap.add_argument("--recipe", choices=["issue14", "first"], default="issue14",
                    help="training samples: issue14 = gateway-side normalisation of 16-bit frames, 8-bit "
                         "quantisation, 15%% unblurred + 10%% barely blurred samples, augmentation; first = the "
                         "recipe the shipped weights were trained with")
    ap.add_argument("--leave-out", choices=data.MODALITIES, default=None,
                    help="train without this modality (one source each here); the held-out validation still "
                         "scores it: its row measures generalisation to a source the network never saw")
    ap.add_argument("--val-per-modality", type=int, default=6,
                    help="held-out training images per modality in the validation set")
    ap.add_argument("--restart-schedule", action="store_true",
                    help="on resume, start a new warm-up + cosine schedule now (to a new --deadline / --steps "
                         "counted from the resumed step) instead of continuing the checkpoint's")
    return ap.parse_args(argv)


MOTION_LOSS_ALLOWED_DB = 0.2


def selection_key(summary, motion_floor=None):
    """Ranks validations (higher is better). A fine-tune (``motion_floor``: the starting weights' motion PSNR less
    MOTION_LOSS_ALLOWED_DB) ranks first the checkpoints that reach 40 dB on sharp inputs in every modality without
    falling below the floor, most protective of sharp images first (lowest modality's sharp PSNR); then, as a run from
    scratch does: whether every modality reaches 40 dB on sharp inputs (or the lowest modality's sharp PSNR while none
    does), then the mean motion PSNR."""
    sharp_low = min(o for o, _ in summary["sharp"][2].values()) if "sharp" in summary else 99.0
    motion = summary["motion"][0] if "motion" in summary else 0.0
    if motion_floor is not None and sharp_low >= 40.0 and motion >= motion_floor:
        return (2, round(sharp_low, 3))
    return (1, round(motion, 3)) if sharp_low >= 40.0 else (0, round(sharp_low, 3))


def starting_card(init):
    """The lineage fields of a model card: `init` is the card itself, or exported weights with model.json beside them;
    None for a run directory or checkpoint (they have none)."""
    if init.endswith(".json"):
        card = init
    else:
        card = os.path.join(os.path.dirname(init), "model.json") if not os.path.isdir(init) else None
    if card and os.path.exists(card):
        with open(card) as f:
            meta = json.load(f)
        return {"id": meta.get("id"), "version": meta.get("version"), "sha256": meta.get("sha256", {}).get("model.pt"),
                "steps": meta.get("training", {}).get("steps")}
    return None


def load_weights(path, device):
    """A state dict from a TorchScript file or a run directory / checkpoint (averaged weights if present)."""
    if os.path.isdir(path):
        path = os.path.join(path, "checkpoint.pt")
    try:
        return torch.jit.load(path, map_location=device).state_dict()
    except RuntimeError:
        ck = torch.load(path, map_location=device)
        return ck.get("model_ema", ck["model"])


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    model_args = json.loads(args.model_args)

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    model = build(args.model, **model_args).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.99))

    images = data.load_split(args.data, "train", per_modality=8 if args.smoke else None, part="fit")
    if args.leave_out:
        images = {m: v for m, v in images.items() if m != args.leave_out}
    recipe = data.Recipe() if args.recipe == "issue14" else data.Recipe.first()
    batcher = data.BlurBatcher(images, crop=args.crop, seed=args.seed, recipe=recipe)
    val = data.heldout_validation_set(args.data, per_modality=1 if args.smoke else args.val_per_modality,
                                      size=64 if args.smoke else 256)
    initialised = False
    if args.init and not os.path.exists(ckpt_path):
        model.load_state_dict(load_weights(args.init, device))
        initialised = True
        print(f"initialised from {args.init}", flush=True)

    step, wall = 0, 0.0
    sched_start = time.time()
    sched_step0 = 0
    averaged = None
    if args.weight_ema > 0:
        averaged = build(args.model, **model_args).to(device)
        averaged.load_state_dict(model.state_dict())
        averaged.requires_grad_(False)
    config = {k: v for k, v in vars(args).items()}
    # The model card of the starting weights (if they came from an export) names the lineage in the next export.
    config["init_card"] = starting_card(args.init) if args.init else None
    best = {"key": None}
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=device)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        step, wall = ck["step"], ck["wall_time_s"]
        sched_start = ck.get("sched_start", sched_start)
        sched_step0 = ck.get("sched_step0", 0)
        best["key"] = tuple(ck["best_key"]) if ck.get("best_key") is not None else None
        best["motion_floor"] = ck.get("motion_floor")
        if args.restart_schedule:
            sched_start, sched_step0 = time.time(), step
        if averaged is not None:
            # a checkpoint from a run without averaging starts the average at its weights
            averaged.load_state_dict(ck.get("model_ema", ck["model"]))
        batcher.rng.setstate(ck["rng"]["batcher"])
        random.setstate(ck["rng"]["python"])
        np.random.set_state(ck["rng"]["numpy"])
        torch.set_rng_state(ck["rng"]["torch"])
        print(f"resumed {ckpt_path} at step {step}", flush=True)

    def checkpoint(final_loss, path=ckpt_path):
        save_atomic({
            "model_id": args.model, "model_args": model_args, "model": model.state_dict(),
            "optimizer": opt.state_dict(), "step": step, "wall_time_s": wall,
            "sched_start": sched_start, "sched_step0": sched_step0, "final_loss": final_loss, "config": config,
            "best_key": best["key"], "motion_floor": best.get("motion_floor"),
            "rng": {"batcher": batcher.rng.getstate(), "python": random.getstate(),
                    "numpy": np.random.get_state(), "torch": torch.get_rng_state()},
            **({"model_ema": averaged.state_dict(), "weight_ema": args.weight_ema} if averaged is not None else {}),
        }, path)

    loss_fn = LOSSES[args.loss]
    loss_csv = os.path.join(args.out, "loss.csv")
    val_csv = os.path.join(args.out, "val.csv")
    new_loss = not os.path.exists(loss_csv)
    new_val = not os.path.exists(val_csv)
    lf = open(loss_csv, "a", newline="")
    vf = open(val_csv, "a", newline="")
    lw, vw = csv.writer(lf), csv.writer(vf)
    if new_loss:
        lw.writerow(["step", "loss", "lr", "wall_time_s"])
    if new_val:
        vw.writerow(["step", "protocol", "psnr_out", "psnr_in", "gain_db", "min_modality_psnr_out", "wall_time_s"]
                    + [f"psnr_out_{m}" for m in data.MODALITIES])
    lf.flush()
    vf.flush()

    def validate():
        summary = data.evaluate_heldout(averaged if averaged is not None else model, val, device)
        for protocol, (out_db, in_db, per_mod) in sorted(summary.items()):
            low = min(o for o, _ in per_mod.values())
            vw.writerow([step, protocol, f"{out_db:.3f}", f"{in_db:.3f}", f"{out_db - in_db:.3f}", f"{low:.3f}",
                         f"{wall:.0f}"] + [f"{per_mod[m][0]:.3f}" if m in per_mod else "" for m in data.MODALITIES])
            mods = " ".join(f"{m}:{o:.2f}" for m, (o, i) in per_mod.items())
            print(f"val step {step} {protocol}: {out_db:.2f} dB (input {in_db:.2f}) {mods}", flush=True)
        vf.flush()
        if initialised and step == 0 and "motion" in summary:
            best["motion_floor"] = summary["motion"][0] - MOTION_LOSS_ALLOWED_DB
        key = selection_key(summary, best.get("motion_floor"))
        if best["key"] is None or key > best["key"]:
            best["key"] = key
            checkpoint(ema if ema is not None else loss_v, os.path.join(args.out, "best.pt"))
            print(f"best so far at step {step}: {key}", flush=True)

    model.train()
    start = time.time()
    t_last = time.time()
    t_ckpt = time.time()
    ema = None
    loss_v = float("nan")
    deadline = parse_deadline(args.deadline) if args.deadline else None

    def progress():
        p = (step - sched_step0) / args.steps
        if deadline is not None:
            p = max(p, (time.time() - sched_start) / max(1.0, deadline - sched_start))
        return p

    if initialised and args.val_every:
        validate()  # the starting weights are a candidate too: best.pt never ranks below them

    while progress() < 1.0:
        lr = lr_at(step - sched_step0, progress(), args.lr)
        for g in opt.param_groups:
            g["lr"] = lr
        blurry, sharp = batcher.batch(args.batch)
        blurry, sharp = blurry.to(device), sharp.to(device)
        if args.amp == "bf16":
            with torch.autocast(device_type=device.type, dtype=torch.bfloat16):
                out = model(blurry)
            loss = loss_fn(out.float(), sharp)
        else:
            loss = loss_fn(model(blurry), sharp)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if averaged is not None:
            with torch.no_grad():
                for a, w in zip(averaged.state_dict().values(), model.state_dict().values()):
                    if a.dtype.is_floating_point:
                        a.mul_(args.weight_ema).add_(w, alpha=1 - args.weight_ema)
                    else:
                        a.copy_(w)
        step += 1
        now = time.time()
        wall += now - t_last
        t_last = now
        loss_v = float(loss)
        ema = loss_v if ema is None else 0.98 * ema + 0.02 * loss_v
        lw.writerow([step, f"{loss_v:.6g}", f"{lr:.3g}", f"{wall:.1f}"])
        if step % 50 == 0 or step == args.steps:
            lf.flush()
            print(f"step {step} loss {loss_v:.5f} ema {ema:.5f} lr {lr:.2e} "
                  f"{wall / max(1, step):.2f} s/step(avg)", flush=True)
        if args.val_every and step % args.val_every == 0:
            validate()
        if now - t_ckpt > args.checkpoint_minutes * 60:
            checkpoint(ema)
            t_ckpt = time.time()
        if args.stop_at_step is not None and step >= args.stop_at_step:
            break
        if args.stop_after_minutes is not None and now - start > args.stop_after_minutes * 60:
            print("stop-after-minutes reached", flush=True)
            break
    if not (args.val_every and step % args.val_every == 0):
        validate()
    checkpoint(ema if ema is not None else loss_v)
    lf.close()
    vf.close()
    print(f"done: step {step}, wall {wall:.0f} s, loss(ema) {ema}", flush=True)


if __name__ == "__main__":
    main()
