"""U-Net baseline of the second paper (X-ray deblurring with SRCNN, UNet and DAE).

The paper describes a U-Net only in outline: an encoder of convolutions at falling resolution, a
decoder of up-sampling steps, skip connections that concatenate encoder features into the decoder,
"23 layers", a 224 x 224 x 3 input and a sigmoid output. Choices where it is silent or where its
description does not fit this project, stated:

- 4 levels (full, 1/2, 1/4, 1/8 resolution; 3 max-pools, not the paper's "five max-pooling and four
  up-sampling layers", which cannot pair up as skips), widths 16/32/64/128 by default: small enough
  to train on one contended CPU core. Each level is two 3x3 conv + ReLU (Ronneberger et al.), 'same'
  padding so the output has the input's size; up-sampling halves the width with a 2x2 stride-2
  transposed conv, written as its exact equivalent, a 1x1 conv to 4x the width + PixelShuffle(2)
  (torch 1.13 has no bfloat16 transposed conv on CPU, and model-bf16.pt must trace), then
  concatenation with the skip and two 3x3 convs. 15 3x3 convolutions, 3 up-sampling convs and a
  1x1 head.
- Global residual instead of the sigmoid head: the 1x1 head predicts ``r`` and the output is
  ``clamp(x + r, 0, 1)``, the same parametrisation as this package's ``srcnn``, so the baselines
  differ by architecture and not by output mapping; the head is zero-initialised, so an untrained
  model is the identity. (The paper's sigmoid head on a segmentation net trained for a short time is
  one plausible cause of its 16.40 dB, far below its blurry input.)
- Any H, W that are multiples of 8 (fully convolutional, not fixed to 224 x 224).
"""
import torch
from torch import nn
import torch.nn.functional as F


class DoubleConv(nn.Module):
    """Two 3x3 convolutions with ReLU, 'same' padding."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, padding=1)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1)

    def forward(self, x):
        return F.relu(self.conv2(F.relu(self.conv1(x))))


class UNet(nn.Module):
    """U-Net with max-pool down, transposed-conv up, concatenated skips and a global residual.

    Args:
        channels: image channels (3).
        widths: width per level, finest first; the number of levels is ``len(widths)`` and the
            input size must be a multiple of ``2 ** (len(widths) - 1)`` (8 for the default 4 levels).
    """

    size_multiple = 8

    def __init__(self, channels=3, widths=(16, 32, 64, 128)):
        super().__init__()
        widths = tuple(widths)
        if len(widths) != 4:
            # size_multiple is a class attribute the Java side reads from the model card: keep it true
            raise ValueError(f"UNet has 4 levels (size_multiple 8); got widths {widths}")
        self.down = nn.ModuleList()
        c = channels
        for w in widths:
            self.down.append(DoubleConv(c, w))
            c = w
        self.up = nn.ModuleList()
        self.merge = nn.ModuleList()
        for w in reversed(widths[:-1]):
            self.up.append(nn.Sequential(nn.Conv2d(c, 4 * w, 1), nn.PixelShuffle(2)))
            self.merge.append(DoubleConv(2 * w, w))
            c = w
        self.head = nn.Conv2d(c, channels, 1)
        nn.init.zeros_(self.head.weight)  # start as the identity
        nn.init.zeros_(self.head.bias)

    def forward(self, x):
        skips = []
        f = x
        for i, block in enumerate(self.down):
            if i > 0:
                f = F.max_pool2d(f, 2)
            f = block(f)
            skips.append(f)
        skips.pop()  # the bottleneck output is f itself
        for up, merge in zip(self.up, self.merge):
            f = merge(torch.cat([up(f), skips.pop()], 1))
        return torch.clamp(x + self.head(f), 0.0, 1.0)
