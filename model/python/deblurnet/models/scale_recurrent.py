"""Scale-recurrent encoder-decoder (SRN-DeblurNet shape), parametrised by its feature block.

Used by ``rdsam`` (RD-SAM blocks), ``srn-deblur`` (plain residual blocks) and ``base`` (one scale).

[0, 1] contract: the network works in [-1, 1] like the authors' code: ``xn = 2 x - 1``; each scale
ends in tanh, so its estimate is in [-1, 1]; the exported output is ``clamp((t + 1) / 2, 0, 1)``.
"""
import torch
from torch import nn
import torch.nn.functional as F

from .blocks import ConvLSTMCell


def _upsample(x):
    return F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)


class EncoderBlock(nn.Module):
    """conv (ReLU) followed by the feature blocks.

    Args:
        cin: input channels.
        cout: output channels.
        stride: conv stride (1 or 2).
        body: nn.Module applied after the conv (RDBs + SAM, or ResBlocks).
    """

    def __init__(self, cin, cout, stride, body):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 5, stride=stride, padding=2)
        self.body = body

    def forward(self, x):
        return self.body(F.relu(self.conv(x)))


class DecoderBlock(nn.Module):
    """Feature blocks followed by a 5x5 stride-2 transposed conv (ReLU).

    Args:
        cin: input channels.
        cout: output channels.
        body: nn.Module applied before the transposed conv.
    """

    def __init__(self, cin, cout, body):
        super().__init__()
        self.body = body
        self.up = nn.ConvTranspose2d(cin, cout, 5, stride=2, padding=2, output_padding=1)

    def forward(self, x):
        return F.relu(self.up(self.body(x)))


class ScaleRecurrentNet(nn.Module):
    """Scale-recurrent encoder-decoder with a ConvLSTM bottleneck; weights shared across scales.

    Args:
        make_body: callable(channels) -> nn.Module, the feature blocks of every stage.
        scales: number of scales (3: 1/4, 1/2, 1; 1: single scale).
        widths: (in-block, enc1, enc2) widths.
    """

    def __init__(self, make_body, scales=3, widths=(32, 64, 128)):
        super().__init__()
        c1, c2, c3 = widths
        self.scales = scales
        self.inblock = EncoderBlock(6, c1, 1, make_body(c1))
        self.enc1 = EncoderBlock(c1, c2, 2, make_body(c2))
        self.enc2 = EncoderBlock(c2, c3, 2, make_body(c3))
        self.lstm = ConvLSTMCell(c3, c3, 5)
        self.dec1 = DecoderBlock(c3, c2, make_body(c3))
        self.dec2 = DecoderBlock(c2, c1, make_body(c2))
        self.outbody = make_body(c1)
        self.outconv = nn.Conv2d(c1, 3, 5, padding=2)

    def step(self, blurry, prev, h, c):
        e0 = self.inblock(torch.cat([blurry, prev], dim=1))
        e1 = self.enc1(e0)
        e2 = self.enc2(e1)
        h, c = self.lstm(e2, h, c)
        d1 = self.dec1(h) + e1
        d2 = self.dec2(d1) + e0
        return torch.tanh(self.outconv(self.outbody(d2))), h, c

    def forward(self, x):
        xn = x * 2.0 - 1.0
        pyramid = [xn]
        for _ in range(self.scales - 1):
            pyramid.append(F.avg_pool2d(pyramid[-1], 2))
        coarse = pyramid[-1]
        n, _, hh, ww = coarse.shape
        hidden = self.lstm.hidden
        h = coarse.new_zeros(n, hidden, hh // 4, ww // 4)
        c = coarse.new_zeros(n, hidden, hh // 4, ww // 4)
        est = torch.zeros_like(coarse)
        for i in range(self.scales - 1, -1, -1):
            blurry = pyramid[i]
            if i != self.scales - 1:
                est = _upsample(est)
                h = _upsample(h)
                c = _upsample(c)
            est, h, c = self.step(blurry, est, h, c)
        return torch.clamp((est + 1.0) * 0.5, 0.0, 1.0)
