"""torch backend: element-wise ops on two tensors (see keras/ops/binary.py)."""

import torch

from keras.backends.torch import core


def _pair(x1, x2):
    # Fast path: two tensors of one dtype need no promotion.
    if isinstance(x1, torch.Tensor) and isinstance(x2, torch.Tensor) and x1.dtype == x2.dtype:
        return x1, x2
    return core.promote(x1, x2)


def add(x1, x2):
    x1, x2 = _pair(x1, x2)
    return torch.add(x1, x2)


def subtract(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == torch.bool:
        return torch.logical_xor(x1, x2)
    return torch.subtract(x1, x2)


def multiply(x1, x2):
    x1, x2 = _pair(x1, x2)
    return torch.multiply(x1, x2)
