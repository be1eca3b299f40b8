"""Smoke training, automatic resume and export round trip on a tiny model (CPU)."""
import csv
import json
import os

import torch

from deblurnet import export, train

TINY = '{"widths": [8, 16, 16], "bottleneck_blocks": 1}'


def test_trainResumeExport_roundTrip(tmp_path):
    run = str(tmp_path / "run")
    common = ["--model", "rdsam-lite", "--out", run, "--smoke", "--batch", "2", "--crop", "32",
              "--val-every", "0", "--model-args", TINY]
    train.main(common + ["--steps", "3"])
    assert torch.load(os.path.join(run, "checkpoint.pt"))["step"] == 3
    train.main(common + ["--steps", "5"])  # resumes at 3
    ck = torch.load(os.path.join(run, "checkpoint.pt"))
    assert ck["step"] == 5
    with open(os.path.join(run, "loss.csv")) as f:
        assert [int(r["step"]) for r in csv.DictReader(f)] == [1, 2, 3, 4, 5]

    out = str(tmp_path / "weights")
    export.main(["--model", "rdsam-lite", "--checkpoint", run, "--out", out])
    with open(os.path.join(out, "model.json")) as f:
        meta = json.load(f)
    assert meta["id"] == "rdsam-lite" and meta["training"]["steps"] == 5
    assert meta["evaluation"] == {} and meta["channels"] == 3 and meta["size_multiple"] == 16
    assert meta["export_check"]["max_abs_err_fp32_vs_eager"] <= 1e-5
    x = torch.rand(1, 3, 48, 80)
    for name in ("model.pt", "model-bf16.pt"):
        y = torch.jit.load(os.path.join(out, name))(x)
        assert y.shape == x.shape and y.dtype == torch.float32


def test_weightAverage_isCheckpointedValidatedAndExported(tmp_path):
    run = str(tmp_path / "run")
    common = ["--model", "rdsam-lite", "--out", run, "--smoke", "--batch", "2", "--crop", "32",
              "--val-every", "0", "--model-args", TINY]
    train.main(common + ["--steps", "3"])  # a run without averaging, then resumed with it
    train.main(common + ["--steps", "3", "--weight-ema", "0.5", "--restart-schedule"])  # 3 more
    ck = torch.load(os.path.join(run, "checkpoint.pt"))
    assert ck["step"] == 6 and ck["sched_step0"] == 3 and ck["weight_ema"] == 0.5
    differs = [k for k in ck["model"] if not torch.equal(ck["model"][k], ck["model_ema"][k])]
    assert differs, "the average should lag the trained weights"
    with open(os.path.join(run, "loss.csv")) as f:
        lrs = [float(r["lr"]) for r in csv.DictReader(f)]
    assert lrs[3] < lrs[2], "a restarted schedule warms up again"

    out = str(tmp_path / "weights")
    export.main(["--model", "rdsam-lite", "--checkpoint", run, "--out", out])
    from deblurnet.models import build
    averaged = build("rdsam-lite", **json.loads(TINY))
    averaged.load_state_dict(ck["model_ema"])
    averaged.eval()
    x = torch.rand(1, 3, 32, 48)
    with torch.no_grad():
        expected = averaged(x)
    got = torch.jit.load(os.path.join(out, "model.pt"))(x)
    assert torch.allclose(got, expected, atol=1e-5), "export takes the averaged weights"
    with open(os.path.join(out, "model.json")) as f:
        assert json.load(f)["training"]["weight_ema"] == 0.5


SMOKE = ["--model", "rdsam-lite", "--smoke", "--batch", "2", "--crop", "32", "--val-every", "0", "--model-args", TINY]


def trained_and_exported(tmp_path, steps):
    """A tiny run of `steps` steps exported as shipped weights; the folder of those weights."""
    run, out = str(tmp_path / "first"), str(tmp_path / "first-weights")
    train.main(SMOKE + ["--out", run, "--steps", str(steps)])
    export.main(["--model", "rdsam-lite", "--checkpoint", run, "--out", out])
    return out


def test_fineTuneExport_countsTheStartingStepsAndNamesTheStartingWeights(tmp_path):
    first_out = trained_and_exported(tmp_path, 3)
    with open(os.path.join(first_out, "model.json")) as f:
        start = json.load(f)

    tuned, tuned_out = str(tmp_path / "tuned"), str(tmp_path / "tuned-weights")
    train.main(SMOKE + ["--out", tuned, "--steps", "2", "--init", os.path.join(first_out, "model.pt")])
    export.main(["--model", "rdsam-lite", "--checkpoint", tuned, "--out", tuned_out])
    with open(os.path.join(tuned_out, "model.json")) as f:
        meta = json.load(f)
    assert meta["version"].endswith("+step5") and meta["training"]["steps"] == 5
    assert meta["training"]["fine_tune_steps"] == 2
    assert meta["training"]["fine_tuned_from"] == {"id": "rdsam-lite", "version": start["version"],
                                                   "sha256": start["sha256"]["model.pt"], "steps": 3}
    assert "unblurred" in meta["training"]["data"]
    assert start["training"]["fine_tuned_from"] is None


def test_startingCard_namesTheLineage_ofACheckpointThatDoesNotRecordIt(tmp_path):
    first_out = trained_and_exported(tmp_path, 2)
    tuned = str(tmp_path / "tuned")
    train.main(SMOKE + ["--out", tuned, "--steps", "1", "--init", os.path.join(first_out, "model.pt")])
    ck_path = os.path.join(tuned, "checkpoint.pt")
    ck = torch.load(ck_path)
    ck["config"].pop("init_card")  # as checkpoints written before the card was recorded
    ck["config"]["init"] = str(tmp_path / "gone" / "model.pt")  # and their starting weights since replaced
    torch.save(ck, ck_path)

    out = str(tmp_path / "tuned-weights")
    export.main(["--model", "rdsam-lite", "--checkpoint", tuned, "--out", out,
                 "--starting-card", os.path.join(first_out, "model.json")])
    with open(os.path.join(out, "model.json")) as f:
        meta = json.load(f)
    assert meta["version"].endswith("+step3") and meta["training"]["fine_tuned_from"]["steps"] == 2
