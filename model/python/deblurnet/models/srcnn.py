"""SRCNN as used by the second paper (X-ray deblurring): 9x9 64, 1x1 32, 5x5 out.

Adapted to 3 channels in and out. [0, 1] contract: the three convs predict a residual that is
added to the input (global skip, documented deviation from the original SRCNN that predicts the
image directly; it converges much faster), output ``clamp(x + r, 0, 1)``.
"""
import torch
from torch import nn
import torch.nn.functional as F


class SRCNN(nn.Module):
    """SRCNN with 'same' padding and a global residual.

    Args:
        channels: image channels (3).
        f1: width of the 9x9 layer.
        f2: width of the 1x1 layer.
    """

    size_multiple = 1

    def __init__(self, channels=3, f1=64, f2=32):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, f1, 9, padding=4)
        self.conv2 = nn.Conv2d(f1, f2, 1)
        self.conv3 = nn.Conv2d(f2, channels, 5, padding=2)
        nn.init.zeros_(self.conv3.weight)  # start as the identity
        nn.init.zeros_(self.conv3.bias)

    def forward(self, x):
        r = self.conv3(F.relu(self.conv2(F.relu(self.conv1(x)))))
        return torch.clamp(x + r, 0.0, 1.0)
