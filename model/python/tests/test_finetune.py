"""Fine-tuning from given weights, and the held-out validation choosing the checkpoint (best.pt)."""
import csv
import os

import torch

from deblurnet import train

TINY = '{"widths": [8, 16, 16], "bottleneck_blocks": 1}'


def test_init_startsFromTheGivenWeights_andBestIsKept(tmp_path):
    first = str(tmp_path / "first")
    common = ["--model", "rdsam-lite", "--smoke", "--batch", "2", "--crop", "32", "--model-args", TINY]
    train.main(common + ["--out", first, "--steps", "3", "--val-every", "0"])
    start = torch.load(os.path.join(first, "checkpoint.pt"))["model"]

    tuned = str(tmp_path / "tuned")
    train.main(common + ["--out", tuned, "--steps", "4", "--val-every", "2", "--init", first, "--lr", "1e-3"])
    with open(os.path.join(tuned, "val.csv")) as f:
        rows = list(csv.DictReader(f))
    # the starting weights are validated first (step 0), on both protocols
    assert [(r["step"], r["protocol"]) for r in rows[:2]] == [("0", "motion"), ("0", "sharp")]
    assert {r["step"] for r in rows} == {"0", "2", "4"}
    best = torch.load(os.path.join(tuned, "best.pt"))
    assert best["best_key"] is not None and best["step"] in (0, 2, 4)
    if best["step"] == 0:
        assert all(torch.equal(best["model"][k], start[k]) for k in start)
    final = torch.load(os.path.join(tuned, "checkpoint.pt"))
    assert final["step"] == 4 and any(not torch.equal(final["model"][k], start[k]) for k in start)


def test_selectionKey_prefersSharpAt40dB_thenMotion():
    def summary(motion, sharp_low):
        return {"motion": (motion, 0.0, {}), "sharp": (0.0, 99.0, {"ct": (sharp_low, 99.0), "mri": (45.0, 99.0)})}
    assert train.selection_key(summary(30.0, 41.0)) > train.selection_key(summary(35.0, 39.0))
    assert train.selection_key(summary(31.0, 41.0)) > train.selection_key(summary(30.0, 44.0))
    assert train.selection_key(summary(35.0, 39.5)) > train.selection_key(summary(36.0, 39.0))


def test_selectionKey_ofAFineTune_prefersTheMostProtectiveOfSharpImages_withinTheMotionFloor():
    def summary(motion, sharp_low):
        return {"motion": (motion, 0.0, {}), "sharp": (0.0, 99.0, {"ct": (sharp_low, 99.0), "mri": (48.0, 99.0)})}
    floor = 34.445 - train.MOTION_LOSS_ALLOWED_DB
    step300, step1350 = summary(34.441, 40.349), summary(34.278, 43.588)
    assert train.selection_key(step1350, floor) > train.selection_key(step300, floor)
    assert train.selection_key(step300) > train.selection_key(step1350)  # without a floor: best motion
    too_far = summary(34.2, 45.0)  # 0.245 dB below the start: the sharp score does not buy it
    assert train.selection_key(step300, floor) > train.selection_key(too_far, floor)
    assert train.selection_key(too_far, floor) > train.selection_key(summary(35.0, 39.0), floor)


def test_leaveOut_trainsWithoutTheModality_butStillValidatesIt(tmp_path, monkeypatch):
    drawn = []
    real = train.data.BlurBatcher

    def spy(images, **kw):
        drawn.append(sorted(images))
        return real(images, **kw)

    monkeypatch.setattr(train.data, "BlurBatcher", spy)
    run = str(tmp_path / "run")
    train.main(["--model", "rdsam-lite", "--smoke", "--batch", "2", "--crop", "32", "--model-args", TINY,
                "--out", run, "--steps", "2", "--val-every", "0", "--leave-out", "mri"])
    assert drawn == [["chest_xray", "ct", "dermoscopy", "microscopy"]]
    with open(os.path.join(run, "val.csv")) as f:
        rows = list(csv.DictReader(f))
    assert {r["protocol"] for r in rows} == {"motion", "sharp"}
    assert all(float(r["psnr_out_mri"]) > 0 for r in rows)  # the left-out modality is still scored
