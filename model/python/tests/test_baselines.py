"""The second paper's baselines (unet, dae): receptive field, structure and the export round trip."""
import json
import os

import pytest
import torch

from deblurnet import export, train
from deblurnet.models import build

TINY = {"unet": '{"widths": [4, 8, 8, 16]}', "dae": '{"widths": [4, 8, 16]}'}


def receptive_extent(model, size=96):
    """Width in px of the input region that moves the centre output pixel (head randomised first)."""
    model.eval()
    x = torch.full((1, 3, size, size), 0.5, requires_grad=True)
    model(x)[0, :, size // 2, size // 2].sum().backward()
    cols = (x.grad.abs().sum(dim=(0, 1, 2)) > 0).nonzero()
    return int(cols.max() - cols.min() + 1)


@pytest.mark.parametrize("model_id,head", [("unet", "head"), ("dae", "out.0")])
def test_receptiveField_widerThanLargestMotionKernel(model_id, head):
    # 25 px is the largest training/evaluation motion kernel (model/BLUR.md); srcnn sees 13 px
    torch.manual_seed(0)
    model = build(model_id)
    torch.nn.init.normal_(model.get_submodule(head).weight, std=0.1)
    assert receptive_extent(model) > 25


def test_receptiveExtent_measuresSrcnnAsThirteen():
    # the measuring helper itself: SRCNN's 9x9 + 1x1 + 5x5 span 13 px
    torch.manual_seed(0)
    model = build("srcnn")
    torch.nn.init.normal_(model.conv3.weight, std=0.1)
    assert receptive_extent(model) == 13


def test_unet_otherThanFourLevels_isRejected():
    with pytest.raises(ValueError, match="4 levels"):
        build("unet", widths=(16, 32, 64))


def test_dae_hasNoSkipConnections_outputChangesWithLatentOnly():
    # zeroing the 1/8 latent leaves only the biases: the residual no longer depends on the input,
    # which would not hold if any encoder feature bypassed the bottleneck
    torch.manual_seed(0)
    model = build("dae").eval()
    torch.nn.init.normal_(model.out[0].weight, std=0.1)
    with torch.no_grad():
        model.enc[-1].weight.zero_()
        model.enc[-1].bias.zero_()
        a, b = torch.full((1, 3, 32, 32), 0.3), torch.full((1, 3, 32, 32), 0.6)
        assert torch.allclose(model(a) - a, model(b) - b, atol=1e-6)


@pytest.mark.parametrize("model_id", ["unet", "dae"])
def test_trainExport_roundTrip(model_id, tmp_path):
    run = str(tmp_path / "run")
    train.main(["--model", model_id, "--out", run, "--smoke", "--batch", "2", "--crop", "32", "--val-every", "0",
                "--model-args", TINY[model_id], "--steps", "3"])
    out = str(tmp_path / "weights")
    export.main(["--model", model_id, "--checkpoint", run, "--out", out, "--training-note", "smoke"])
    with open(os.path.join(out, "model.json")) as f:
        meta = json.load(f)
    assert meta["id"] == model_id and meta["size_multiple"] == 8 and meta["training"]["steps"] == 3
    assert meta["training"]["note"] == "smoke"
    assert meta["export_check"]["max_abs_err_fp32_vs_eager"] <= 1e-5

    ck = torch.load(os.path.join(run, "checkpoint.pt"))
    eager = build(model_id, **json.loads(TINY[model_id]))
    eager.load_state_dict(ck["model"])
    eager.eval()
    x = torch.rand(1, 3, 40, 72)  # neither the trace size nor a size the export checked
    with torch.no_grad():
        expected = eager(x)
    got = torch.jit.load(os.path.join(out, "model.pt"))(x)
    assert torch.allclose(got, expected, atol=1e-5)
    y16 = torch.jit.load(os.path.join(out, "model-bf16.pt"))(x)
    assert y16.shape == x.shape and y16.dtype == torch.float32
