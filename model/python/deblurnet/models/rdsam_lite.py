"""RD-SAM-lite: a CPU-site variant of RD-SAM (this project's design, not from the paper).

Keeps RD-SAM's ideas -- scale recurrence with shared weights, residual dense blocks, spatial-
asymmetric attention -- but puts almost all compute at 1/8 resolution:

    per scale:  [blurry, upsampled previous estimate] (6 ch)
                -> PixelUnshuffle(2) (24 ch, 1/2) -> conv3x3 c1          (1/2)
                -> conv3x3 s2 c2 -> lite RDB                              (1/4)
                -> conv3x3 s2 c3 (+ upsampled bottleneck of the coarser scale) -> n lite RDBs
                   -> lite SAM                                            (1/8)
                -> 1x1 + PixelShuffle(2) + skip -> lite RDB               (1/4)
                -> 1x1 + PixelShuffle(2) + skip -> conv3x3 c1             (1/2)
                -> conv3x3 12 -> PixelShuffle(2) = residual r             (1)
                estimate = blurry + r
    scales 1/2 and 1, weights shared.

Receptive field: every 3x3 conv at 1/8 adds 16 px at full resolution, so the bottleneck alone
spans > 100 px (the coarse scale doubles it) -- far beyond the largest 25 px motion kernel.

[0, 1] contract: the net predicts a residual added to the blurry input (identity at
initialisation, which is why it learns fast); the output is ``clamp(blurry + r, 0, 1)``.
"""
import torch
from torch import nn
import torch.nn.functional as F


class LiteRDB(nn.Module):
    """Residual dense block with 2 dense 3x3 layers (growth ``channels // 2``) and a 1x1 fusion.

    Args:
        channels: width.
        growth: channels per dense layer (default channels // 2).
    """

    def __init__(self, channels, growth=None):
        super().__init__()
        g = growth or channels // 2
        self.conv1 = nn.Conv2d(channels, g, 3, padding=1)
        self.conv2 = nn.Conv2d(channels + g, g, 3, padding=1)
        self.fuse = nn.Conv2d(channels + 2 * g, channels, 1)

    def forward(self, x):
        f1 = F.leaky_relu(self.conv1(x), 0.2)
        f2 = F.leaky_relu(self.conv2(torch.cat([x, f1], 1)), 0.2)
        return x + self.fuse(torch.cat([x, f1, f2], 1))


class LiteSAM(nn.Module):
    """Cheap spatial-asymmetric attention.

    Square branch: depthwise 3x3 conv re-weighted by squeeze-excitation (C -> C/8 -> C).
    Asymmetric branches: the channel mean/max maps (2 ch) through a 9x1 and a 1x9 conv, each to one
    sigmoid map; the maps are added and multiply the square branch; LeakyReLU(0.2); plus the input.

    Args:
        channels: width.
        reduction: squeeze-excitation ratio.
    """

    def __init__(self, channels, reduction=8):
        super().__init__()
        self.square = nn.Conv2d(channels, channels, 3, padding=1, groups=channels)
        self.fc1 = nn.Conv2d(channels, max(1, channels // reduction), 1)
        self.fc2 = nn.Conv2d(max(1, channels // reduction), channels, 1)
        self.vertical = nn.Conv2d(2, 1, (9, 1), padding=(4, 0))
        self.horizontal = nn.Conv2d(2, 1, (1, 9), padding=(0, 4))

    def forward(self, x):
        sq = self.square(x)
        se = torch.sigmoid(self.fc2(F.relu(self.fc1(F.adaptive_avg_pool2d(sq, 1)))))
        mm = torch.cat([x.mean(dim=1, keepdim=True), x.amax(dim=1, keepdim=True)], 1)
        gate = torch.sigmoid(self.vertical(mm)) + torch.sigmoid(self.horizontal(mm))
        return x + F.leaky_relu(sq * se * gate, 0.2)


class RDSAMLite(nn.Module):
    """RD-SAM-lite (see module docstring).

    Args:
        scales: number of scales (2: 1/2 and 1).
        widths: (c1 at 1/2, c2 at 1/4, c3 at 1/8).
        bottleneck_blocks: lite RDBs at 1/8.
    """

    size_multiple = 16

    def __init__(self, scales=2, widths=(24, 48, 96), bottleneck_blocks=3):
        super().__init__()
        c1, c2, c3 = widths
        self.scales = scales
        self.c3 = c3
        self.head = nn.Conv2d(24, c1, 3, padding=1)
        self.down1 = nn.Conv2d(c1, c2, 3, stride=2, padding=1)
        self.enc2 = LiteRDB(c2)
        self.down2 = nn.Conv2d(c2, c3, 3, stride=2, padding=1)
        self.bottleneck = nn.Sequential(*[LiteRDB(c3) for _ in range(bottleneck_blocks)],
                                        LiteSAM(c3))
        self.up2 = nn.Conv2d(c3, c2 * 4, 1)
        self.dec2 = LiteRDB(c2)
        self.up1 = nn.Conv2d(c2, c1 * 4, 1)
        self.dec1 = nn.Conv2d(c1, c1, 3, padding=1)
        self.tail = nn.Conv2d(c1, 12, 3, padding=1)
        nn.init.zeros_(self.tail.weight)  # start as the identity (estimate = blurry)
        nn.init.zeros_(self.tail.bias)

    def step(self, blurry, prev, hidden):
        x = F.pixel_unshuffle(torch.cat([blurry, prev], 1), 2)
        f1 = F.leaky_relu(self.head(x), 0.2)
        f2 = self.enc2(F.leaky_relu(self.down1(f1), 0.2))
        f3 = F.leaky_relu(self.down2(f2), 0.2) + hidden
        f3 = self.bottleneck(f3)
        d2 = self.dec2(F.pixel_shuffle(self.up2(f3), 2) + f2)
        d1 = F.leaky_relu(self.dec1(F.pixel_shuffle(self.up1(d2), 2) + f1), 0.2)
        return blurry + F.pixel_shuffle(self.tail(d1), 2), f3

    def forward(self, x):
        pyramid = [x]
        for _ in range(self.scales - 1):
            pyramid.append(F.avg_pool2d(pyramid[-1], 2))
        coarse = pyramid[-1]
        n, _, h, w = coarse.shape
        hidden = coarse.new_zeros(n, self.c3, h // 8, w // 8)
        est = coarse
        for i in range(self.scales - 1, -1, -1):
            if i != self.scales - 1:
                est = F.interpolate(est, scale_factor=2.0, mode="bilinear", align_corners=False)
                hidden = F.interpolate(hidden, scale_factor=2.0, mode="bilinear", align_corners=False)
            est, hidden = self.step(pyramid[i], est, hidden)
        return torch.clamp(est, 0.0, 1.0)
