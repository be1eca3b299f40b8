"""RD-SAM (MedDeblur, 2023): scale-recurrent encoder-decoder with residual dense blocks and
spatial-asymmetric attention. See DESIGN.md "RD-SAM network"."""
from torch import nn

from .blocks import ResidualDenseBlock, SpatialAsymmetricAttention
from .scale_recurrent import ScaleRecurrentNet


def rdsam_body(channels, blocks=3, growth=8):
    """3 residual dense blocks (growth 8) followed by one spatial-asymmetric attention module."""
    layers = [ResidualDenseBlock(channels, growth, 3) for _ in range(blocks)]
    layers.append(SpatialAsymmetricAttention(channels))
    return nn.Sequential(*layers)


class RDSAM(ScaleRecurrentNet):
    """Full RD-SAM: 3 scales (1/4, 1/2, 1), widths 32/64/128, ConvLSTM 128 at the bottleneck.

    Args:
        scales: number of scales.
        widths: (in-block, enc1, enc2) widths.
    """

    size_multiple = 16

    def __init__(self, scales=3, widths=(32, 64, 128)):
        super().__init__(rdsam_body, scales, widths)
