"""Model registry: ``build(model_id)`` returns a fresh, randomly initialised network.

Every model maps N x 3 x H x W float32 in [0, 1] (H, W multiples of ``size_multiple``) to
N x 3 x H x W in [0, 1].
"""
from .base import BaseNet
from .dae import DAE
from .rdsam import RDSAM
from .rdsam_lite import RDSAMLite
from .srcnn import SRCNN
from .srn_deblur import SRNDeblur
from .unet import UNet

REGISTRY = {
    "rdsam": RDSAM,
    "srn-deblur": SRNDeblur,
    "base": BaseNet,
    "rdsam-lite": RDSAMLite,
    "srcnn": SRCNN,
    "unet": UNet,
    "dae": DAE,
}

# Models whose weights may ship from CPU training on this project's build machine.
MODEL_IDS = tuple(REGISTRY)


def build(model_id, **kwargs):
    """Build a model by id (rdsam, srn-deblur, base, rdsam-lite, srcnn, unet, dae); kwargs go to its constructor."""
    try:
        cls = REGISTRY[model_id]
    except KeyError:
        raise ValueError(f"unknown model id {model_id!r}; known: {', '.join(MODEL_IDS)}") from None
    return cls(**kwargs)
