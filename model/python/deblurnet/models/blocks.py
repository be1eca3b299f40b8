"""Building blocks shared by the scale-recurrent networks (RD-SAM, SRN-DeblurNet, base)."""
import torch
from torch import nn
import torch.nn.functional as F


class ResidualDenseBlock(nn.Module):
    """Residual dense block: densely connected 3x3 conv+ReLU layers, 1x1 fusion back, plus the input.

    Args:
        channels: block width (input and output channels).
        growth: channels added by each dense layer.
        layers: number of dense layers.
    """

    def __init__(self, channels, growth=8, layers=3):
        super().__init__()
        self.dense = nn.ModuleList(
            nn.Conv2d(channels + i * growth, growth, 3, padding=1) for i in range(layers))
        self.fuse = nn.Conv2d(channels + layers * growth, channels, 1)

    def forward(self, x):
        feats = x
        for conv in self.dense:
            feats = torch.cat([feats, F.relu(conv(feats))], dim=1)
        return x + self.fuse(feats)


class SqueezeExcitation(nn.Module):
    """Channel attention: global average pool, FC C->C/r, ReLU, FC C/r->C, sigmoid.

    Args:
        channels: input channels.
        reduction: squeeze ratio.
    """

    def __init__(self, channels, reduction=16):
        super().__init__()
        hidden = max(1, channels // reduction)
        self.fc1 = nn.Conv2d(channels, hidden, 1)
        self.fc2 = nn.Conv2d(hidden, channels, 1)

    def forward(self, x):
        w = F.adaptive_avg_pool2d(x, 1)
        return torch.sigmoid(self.fc2(F.relu(self.fc1(w))))


class MeanMaxSpatialGate(nn.Module):
    """Spatial gate: channel-mean and channel-max maps (2 ch) -> conv -> 1 ch sigmoid.

    Args:
        kernel_size: size of the square conv over the 2-channel map.
    """

    def __init__(self, kernel_size=9):
        super().__init__()
        self.conv = nn.Conv2d(2, 1, kernel_size, padding=kernel_size // 2)

    def forward(self, x):
        pooled = torch.cat([x.mean(dim=1, keepdim=True), x.amax(dim=1, keepdim=True)], dim=1)
        return torch.sigmoid(self.conv(pooled))


class SpatialAsymmetricAttention(nn.Module):
    """Spatial-asymmetric attention module (MedDeblur RD-SAM).

    Square branch: 9x9 conv C->C re-weighted by squeeze-excitation. Vertical (3x1) and horizontal
    (1x3) conv branches are each reduced to a sigmoid spatial map (mean+max -> 9x9 conv -> 1 ch);
    the two maps are added and multiply the square branch; LeakyReLU(0.2). The module output is
    ``x + attention(x)`` (explicit residual path; the paper does not say, the residual keeps the deep
    stack trainable and starts the module close to identity).

    Args:
        channels: width.
        square_kernel: size of the square branch conv (9 in the paper).
        gate_kernel: size of the conv over the mean/max maps (9 in the paper).
        reduction: squeeze-excitation ratio (16).
    """

    def __init__(self, channels, square_kernel=9, gate_kernel=9, reduction=16):
        super().__init__()
        self.square = nn.Conv2d(channels, channels, square_kernel, padding=square_kernel // 2)
        self.se = SqueezeExcitation(channels, reduction)
        self.vertical = nn.Conv2d(channels, channels, (3, 1), padding=(1, 0))
        self.horizontal = nn.Conv2d(channels, channels, (1, 3), padding=(0, 1))
        self.gate_v = MeanMaxSpatialGate(gate_kernel)
        self.gate_h = MeanMaxSpatialGate(gate_kernel)
        self.act = nn.LeakyReLU(0.2)

    def forward(self, x):
        sq = self.square(x)
        sq = sq * self.se(sq)
        gate = self.gate_v(self.vertical(x)) + self.gate_h(self.horizontal(x))
        return x + self.act(sq * gate)


class ResBlock(nn.Module):
    """SRN-DeblurNet residual block: conv-ReLU-conv plus the input.

    Args:
        channels: width.
        kernel_size: conv size (5 in SRN-DeblurNet).
    """

    def __init__(self, channels, kernel_size=5):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, kernel_size, padding=kernel_size // 2)
        self.conv2 = nn.Conv2d(channels, channels, kernel_size, padding=kernel_size // 2)

    def forward(self, x):
        return x + self.conv2(F.relu(self.conv1(x)))


class ConvLSTMCell(nn.Module):
    """Convolutional LSTM cell; the four gates come from one conv over [input, hidden].

    Args:
        in_channels: input channels.
        hidden: hidden/cell channels.
        kernel_size: gate conv size.
    """

    def __init__(self, in_channels, hidden, kernel_size=5):
        super().__init__()
        self.hidden = hidden
        self.gates = nn.Conv2d(in_channels + hidden, 4 * hidden, kernel_size, padding=kernel_size // 2)

    def forward(self, x, h, c):
        i, f, o, g = torch.chunk(self.gates(torch.cat([x, h], dim=1)), 4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        return h, c
