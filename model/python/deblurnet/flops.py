"""Parameter and FLOP counting by forward hooks (multiply-add = 2 FLOPs)."""
import torch
from torch import nn


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())


def count_flops(model, height=256, width=256):
    """FLOPs of one forward pass on a 1 x 3 x height x width input, convs and linear layers only.

    Conv: 2 * out_elements * (in_channels / groups) * kh * kw; transposed conv counted on the input
    elements. Element-wise ops, pooling and interpolation are ignored (a few % at most).
    """
    total = [0]

    def conv_hook(mod, inp, out):
        kh, kw = mod.kernel_size
        total[0] += 2 * out.numel() * (mod.in_channels // mod.groups) * kh * kw

    def convt_hook(mod, inp, out):
        kh, kw = mod.kernel_size
        total[0] += 2 * inp[0].numel() * (mod.out_channels // mod.groups) * kh * kw

    def linear_hook(mod, inp, out):
        total[0] += 2 * out.numel() * mod.in_features

    handles = []
    for m in model.modules():
        if isinstance(m, nn.ConvTranspose2d):
            handles.append(m.register_forward_hook(convt_hook))
        elif isinstance(m, nn.Conv2d):
            handles.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            handles.append(m.register_forward_hook(linear_hook))
    try:
        with torch.no_grad():
            model.eval()
            model(torch.rand(1, 3, height, width))
    finally:
        for h in handles:
            h.remove()
    return total[0]


def flops_per_pixel(model, height=256, width=256):
    return count_flops(model, height, width) / float(height * width)
