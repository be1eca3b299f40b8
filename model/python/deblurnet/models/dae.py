"""Deep denoising autoencoder baseline of the second paper (X-ray deblurring with SRCNN, UNet, DAE).

The paper's DAE: an encoder of convolutions "with increasing number of filters and decreasing size
of feature maps", a decoder "symmetric to the encoder" of transposed convolutions, trained on the
reconstruction loss; it also describes two fully connected layers giving the mean and variance of a
Gaussian latent with a KL term (a variational autoencoder). Choices, stated:

- No fully connected latent and no KL term: fully connected layers fix the image size (the gateway
  deblurs whole frames of any size in tiles), and the KL term only matters for sampling, not for
  restoration. The latent is the 1/8-resolution feature map.
- Encoder: three 3x3 stride-2 convs with ReLU, widths 32/64/128 by default (1/2, 1/4, 1/8), each
  followed by one 3x3 stride-1 conv; decoder symmetric: three 2x up-sampling steps (64, 32, then
  the output), each but the last followed by a 3x3 conv. Each up-sampling step is a sub-pixel conv
  (3x3 conv to 4x the width + PixelShuffle(2), Shi et al. 2016), which can express any 4x4
  stride-2 transposed conv, instead of a transposed conv: torch 1.13 has no bfloat16 transposed conv
  on CPU, and model-bf16.pt must trace. No skip connections between encoder
  and decoder -- that is what separates it from the U-Net.
- Global residual: the decoder's last transposed conv predicts ``r`` and the output is
  ``clamp(x + r, 0, 1)``, as in this package's ``srcnn`` and ``unet`` (the paper's decoder
  reconstructs the image itself); the last conv is zero-initialised, so an untrained model is the
  identity. The residual is still produced from the 1/8 latent alone, so fine detail the blur removed
  can only come back through it.
"""
import torch
from torch import nn
import torch.nn.functional as F


def upsample(in_channels, out_channels):
    """2x up-sampling by a sub-pixel conv: 3x3 conv to 4 * out_channels, then PixelShuffle(2)."""
    return nn.Sequential(nn.Conv2d(in_channels, 4 * out_channels, 3, padding=1), nn.PixelShuffle(2))


class DAE(nn.Module):
    """Convolutional autoencoder (no skips) with a global residual.

    Args:
        channels: image channels (3).
        widths: encoder widths at 1/2, 1/4 and 1/8 resolution.
    """

    size_multiple = 8

    def __init__(self, channels=3, widths=(32, 64, 128)):
        super().__init__()
        w1, w2, w3 = widths
        self.enc = nn.ModuleList([
            nn.Conv2d(channels, w1, 3, stride=2, padding=1), nn.Conv2d(w1, w1, 3, padding=1),
            nn.Conv2d(w1, w2, 3, stride=2, padding=1), nn.Conv2d(w2, w2, 3, padding=1),
            nn.Conv2d(w2, w3, 3, stride=2, padding=1), nn.Conv2d(w3, w3, 3, padding=1),
        ])
        self.dec = nn.ModuleList([
            upsample(w3, w2), nn.Conv2d(w2, w2, 3, padding=1),
            upsample(w2, w1), nn.Conv2d(w1, w1, 3, padding=1),
        ])
        self.out = upsample(w1, channels)
        nn.init.zeros_(self.out[0].weight)  # start as the identity
        nn.init.zeros_(self.out[0].bias)

    def forward(self, x):
        f = x
        for layer in self.enc:
            f = F.relu(layer(f))
        for layer in self.dec:
            f = F.relu(layer(f))
        return torch.clamp(x + self.out(f), 0.0, 1.0)
