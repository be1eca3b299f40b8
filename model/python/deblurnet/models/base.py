"""Ablation "base" of MedDeblur: a single-scale encoder-decoder without RD-SAM (residual blocks)."""
from .scale_recurrent import ScaleRecurrentNet
from .srn_deblur import resblock_body


class BaseNet(ScaleRecurrentNet):
    """Single scale (the previous-estimate input is zeros), widths 32/64/128, residual blocks.

    Args:
        widths: (in-block, enc1, enc2) widths.
    """

    size_multiple = 4

    def __init__(self, widths=(32, 64, 128)):
        super().__init__(resblock_body, 1, widths)
