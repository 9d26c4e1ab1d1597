"""torch backend: the image ops (keras/backends/common/image_utils.py has them, and
keras/ops/image.py their contract), bound to torch."""

import types

import torch
import torch.nn.functional as F

from keras.backends.common import image_utils
from keras.backends.torch import core


def _take(x, indices, axis):
    # index_select takes a vector: select the flat indices, then restore their shape.
    axis = axis % x.ndim
    indices = torch.as_tensor(indices, device=x.device)
    taken = torch.index_select(x, axis, indices.reshape(-1))
    return taken.reshape(x.shape[:axis] + indices.shape + x.shape[axis + 1 :])


def _pad(x, widths, fill):
    # F.pad takes (before, after) pairs from the last axis back.
    flat = [width for pair in reversed(widths) for width in pair]
    return F.pad(x, flat, value=fill)


_ENGINE = types.SimpleNamespace(
    tensor=core._tensor,
    cast=core.cast,
    index_dtype="int64",
    constant=lambda values, like: torch.as_tensor(
        values, dtype=like.dtype, device=like.device
    ),
    arange=lambda n, dtype, like: torch.arange(
        n, dtype=core._torch_dtype(dtype), device=like.device
    ),
    dim=lambda x, axis: x.shape[axis],
    take=_take,
    gather=lambda x, indices: x[tuple(indices)],
    pad=_pad,
    flatten_from=lambda x, axis: x.reshape(tuple(x.shape[:axis]) + (-1,)),
    maximum=lambda x, low: torch.clamp(x, min=low),
    amax=lambda x, axis: torch.amax(x, dim=axis),
    amin=lambda x, axis: torch.amin(x, dim=axis),
    sum=lambda x, axis, keepdims=False: torch.sum(x, dim=axis, keepdim=keepdims),
    mean=lambda x, axis: torch.mean(x, dim=axis),
    stack=lambda xs, axis: torch.stack(xs, dim=axis),
    concatenate=lambda xs, axis: torch.cat(xs, dim=axis),
    tensordot=lambda a, b, axes: torch.tensordot(a, b, dims=axes),
    einsum=torch.einsum,
    transpose=lambda x, order: x.permute(order),
    solve=torch.linalg.solve,
    moveaxis=torch.movedim,
    broadcast_to=torch.broadcast_to,
    where=torch.where,
    mod=torch.remainder,
    clip=torch.clamp,
    minimum=torch.minimum,
    floor=torch.floor,
    abs=torch.abs,
    sinc=torch.sinc,
    round=torch.round,
    zeros_like=torch.zeros_like,
    full_like=torch.full_like,
)

_OPS = image_utils.make_image_ops(_ENGINE)

affine_transform = _OPS.affine_transform
crop_images = _OPS.crop_images
elastic_transform = _OPS.elastic_transform
extract_patches = _OPS.extract_patches
extract_patches_3d = _OPS.extract_patches_3d
hsv_to_rgb = _OPS.hsv_to_rgb
map_coordinates = _OPS.map_coordinates
pad_images = _OPS.pad_images
perspective_coefficients = _OPS.perspective_coefficients
resize = _OPS.resize
rgb_to_grayscale = _OPS.rgb_to_grayscale
rgb_to_hsv = _OPS.rgb_to_hsv
scale_and_translate = _OPS.scale_and_translate
sobel_edges = _OPS.sobel_edges
ssim = _OPS.ssim
