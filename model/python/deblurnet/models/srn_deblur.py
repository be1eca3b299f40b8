"""SRN-DeblurNet (Tao et al., 2018): the same scale-recurrent net with plain residual blocks."""
from torch import nn

from .blocks import ResBlock
from .scale_recurrent import ScaleRecurrentNet


def resblock_body(channels, blocks=3):
    """3 residual blocks with 5x5 convs (SRN-DeblurNet)."""
    return nn.Sequential(*[ResBlock(channels, 5) for _ in range(blocks)])


class SRNDeblur(ScaleRecurrentNet):
    """SRN-DeblurNet: 3 scales, widths 32/64/128, ConvLSTM bottleneck, residual blocks.

    Args:
        scales: number of scales.
        widths: (in-block, enc1, enc2) widths.
    """

    size_multiple = 16

    def __init__(self, scales=3, widths=(32, 64, 128)):
        super().__init__(resblock_body, scales, widths)
