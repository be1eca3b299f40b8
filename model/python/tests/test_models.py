"""Shape and contract tests for every model id (tiny configurations, CPU)."""
import pytest
import torch

from deblurnet.flops import count_parameters, flops_per_pixel
from deblurnet.models import MODEL_IDS, build

TINY = {
    "rdsam": {"widths": (8, 16, 32)},
    "srn-deblur": {"widths": (8, 16, 32)},
    "base": {"widths": (8, 16, 32)},
    "rdsam-lite": {"widths": (8, 16, 32), "bottleneck_blocks": 1},
    "srcnn": {"f1": 8, "f2": 4},
    "unet": {"widths": (4, 8, 8, 16)},
    "dae": {"widths": (4, 8, 16)},
}

# The structure in DESIGN.md, built literally, gives 8,032,147 parameters; the paper's "about 24.1 M"
# is not reproducible from that description (see model/python/README.md), so the test pins the
# literal structure within +-5 %.
RDSAM_PARAMS_RANGE = (7_600_000, 8_450_000)


@pytest.mark.parametrize("model_id", MODEL_IDS)
@pytest.mark.parametrize("kh,kw", [(1, 3), (3, 5)])
def test_forward_oddMultiples_shapeAndRangeKept(model_id, kh, kw):
    torch.manual_seed(0)
    model = build(model_id, **TINY[model_id]).eval()
    m = model.size_multiple
    x = torch.rand(2, 3, kh * m + (7 if m == 1 else 0), kw * m + (5 if m == 1 else 0))
    with torch.no_grad():
        y = model(x)
    assert y.shape == x.shape
    assert y.dtype == torch.float32
    assert float(y.min()) >= 0.0 and float(y.max()) <= 1.0


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_sizeMultiple_isClassAttribute(model_id):
    cls = type(build(model_id, **TINY[model_id]))
    assert isinstance(cls.size_multiple, int) and cls.size_multiple >= 1


def test_rdsam_fullSize_parametersInStatedRange():
    n = count_parameters(build("rdsam"))
    assert RDSAM_PARAMS_RANGE[0] <= n <= RDSAM_PARAMS_RANGE[1], n


def test_rdsamLite_flops_atMostTenthOfFull():
    lite = flops_per_pixel(build("rdsam-lite"), 64, 64)
    full = flops_per_pixel(build("rdsam"), 64, 64)
    assert lite <= full / 10.0
    assert lite <= 40_000


@pytest.mark.parametrize("model_id", ["rdsam-lite", "srcnn", "unet", "dae"])
def test_residualModels_atInit_areIdentity(model_id):
    model = build(model_id).eval()
    x = torch.rand(1, 3, 32, 32)
    with torch.no_grad():
        assert torch.allclose(model(x), x, atol=1e-6)


def test_build_unknownId_raises():
    with pytest.raises(ValueError):
        build("nope")
