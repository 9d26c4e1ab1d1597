"""torch backend: the image ops (see keras/ops/image.py for their contract).

keras.ops.image validates the arguments and resolves `data_format`; the functions here
take images of rank 3 or 4 in the given layout. Float16 and bfloat16 images are
computed in float32 and rounded once; integer images are rounded back to their dtype
(truncated by rgb_to_grayscale, as Keras 3 casts them).
"""

import torch
import torch.nn.functional as F

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.torch import core

# Luma weights of ITU-R BT.601 (what Keras's rgb_to_grayscale uses).
_LUMA = (0.2989, 0.5870, 0.1140)


def _channels_last(images, data_format):
    if data_format == "channels_first":
        return torch.movedim(images, -3, -1)
    return images


def _restore(images, data_format):
    if data_format == "channels_first":
        return torch.movedim(images, -1, -3)
    return images


def _wide(images):
    """`images` in its compute dtype, and the dtype of the result (that of `images`)."""
    images = core._tensor(images)
    name = dtypes.standardize_dtype(images.dtype)
    if name in ("float32", "float64"):
        return images, images.dtype
    wide = "float32"
    if name.startswith("float"):
        wide = backend_utils.wide_float_dtype(name)
    return images.to(core.convert_to_tensor(0, wide).dtype), images.dtype


def _narrow(x, dtype, rounded=True):
    """`x` in `dtype`: integers rounded (else truncated) and clipped to their range."""
    if dtype == torch.bool:
        return x != 0
    if not dtype.is_floating_point:
        info = torch.iinfo(dtype)
        x = torch.round(x) if rounded else torch.trunc(x)
        return torch.clamp(x, info.min, info.max).to(dtype)
    return x.to(dtype)


def rgb_to_grayscale(images, data_format):
    images, dtype = _wide(images)
    images = _channels_last(images, data_format)
    weights = torch.tensor(_LUMA, dtype=images.dtype, device=images.device)
    gray = torch.tensordot(images, weights, dims=([-1], [0]))[..., None]
    # Integer images are truncated, as Keras 3 casts them.
    return _narrow(_restore(gray, data_format), dtype, rounded=False)


def rgb_to_hsv(images, data_format):
    images, dtype = _wide(images)
    images = _channels_last(images, data_format)
    r, g, b = images[..., 0], images[..., 1], images[..., 2]
    value = torch.amax(images, dim=-1)
    spread = value - torch.amin(images, dim=-1)
    safe_value = torch.where(value > 0, value, 1)
    saturation = torch.where(value > 0, spread / safe_value, 0)
    safe_spread = torch.where(spread > 0, spread, 1)
    hue = torch.where(
        value == r,
        (g - b) / safe_spread,
        torch.where(value == g, 2 + (b - r) / safe_spread, 4 + (r - g) / safe_spread),
    )
    hue = torch.where(spread > 0, torch.remainder(hue / 6, 1.0), 0)
    hsv = torch.stack([hue, saturation, value], dim=-1).to(images.dtype)
    return _narrow(_restore(hsv, data_format), dtype)


def hsv_to_rgb(images, data_format):
    images, dtype = _wide(images)
    images = _channels_last(images, data_format)
    hue, saturation, value = images[..., 0], images[..., 1], images[..., 2]
    # Each channel is a piecewise-linear function of the hue on the colour wheel.
    offsets = torch.tensor([5.0, 3.0, 1.0], dtype=images.dtype, device=images.device)
    k = torch.remainder(offsets + hue[..., None] * 6, 6)
    ramp = torch.clamp(torch.minimum(k, 4 - k), 0, 1)
    rgb = value[..., None] - (value * saturation)[..., None] * ramp
    return _narrow(_restore(rgb.to(images.dtype), data_format), dtype)


def crop_images(images, top, left, height, width, data_format):
    images = core._tensor(images)
    images = _channels_last(images, data_format)
    cropped = images[..., top : top + height, left : left + width, :]
    return _restore(cropped, data_format)


def pad_images(images, top, bottom, left, right, data_format, fill_value=0):
    images = core._tensor(images)
    images = _channels_last(images, data_format)
    # F.pad takes the last axis first.
    padded = F.pad(images, (0, 0, left, right, top, bottom), value=fill_value)
    return _restore(padded, data_format)


def resize(images, rows, columns, data_format):
    """Resample the spatial axes: `rows`/`columns` are index vectors (nearest) or
    `(out, in)` weight matrices."""
    images = core._tensor(images)
    images = _channels_last(images, data_format)
    if rows.dtype.kind == "i":
        rows = torch.as_tensor(rows, device=images.device)
        columns = torch.as_tensor(columns, device=images.device)
        out = torch.index_select(torch.index_select(images, -3, rows), -2, columns)
        return _restore(out, data_format)
    images, dtype = _wide(images)
    rows = torch.as_tensor(rows, dtype=images.dtype, device=images.device)
    columns = torch.as_tensor(columns, dtype=images.dtype, device=images.device)
    out = torch.einsum("...hwc,oh->...owc", images, rows)
    out = torch.einsum("...hwc,ow->...hoc", out, columns)
    return _narrow(_restore(out, data_format), dtype)


def extract_patches(images, rows, columns, data_format):
    """Patches at the (padded) `rows` `(out_h, kh)` and `columns` `(out_w, kw)`
    indices; the index `size` reads a zero (padding)."""
    images = core._tensor(images)
    images = _channels_last(images, data_format)
    zero = torch.zeros_like(images[..., :1, :, :])
    images = torch.cat([images, zero], axis=-3)
    zero = torch.zeros_like(images[..., :1, :])
    images = torch.cat([images, zero], axis=-2)
    # (..., oh, kh, W, C) then (..., oh, kh, ow, kw, C).
    rows = torch.as_tensor(rows, device=images.device)
    columns = torch.as_tensor(columns, device=images.device)
    # (..., oh * kh, W, C) then (..., oh, kh, ow, kw, C).
    patches = torch.index_select(images, -3, rows.reshape(-1))
    patches = torch.index_select(patches, -2, columns.reshape(-1))
    patches = patches.reshape(
        patches.shape[:-3] + rows.shape + columns.shape + patches.shape[-1:]
    )
    patches = torch.swapaxes(patches, -4, -3)
    patches = patches.reshape(patches.shape[:-3] + (-1,))
    return _restore(patches, data_format)


def _mapped_index(index, size, fill_mode):
    """Integer indices mapped into `[0, size)` by `fill_mode`, and whether each was
    inside (for "constant")."""
    if fill_mode == "constant":
        return torch.clamp(index, 0, size - 1), (index >= 0) & (index < size)
    if fill_mode == "nearest":
        return torch.clamp(index, 0, size - 1), None
    if fill_mode == "wrap":
        return torch.remainder(index, size), None
    if fill_mode == "mirror":
        if size == 1:
            return torch.zeros_like(index), None
        period = 2 * size - 2
        index = torch.remainder(index, period)
        return torch.where(index >= size, period - index, index), None
    # reflect: the edge pixel repeats (d c b a | a b c d | d c b a).
    period = 2 * size
    index = torch.remainder(index, period)
    return torch.where(index >= size, period - 1 - index, index), None


def map_coordinates(inputs, coordinates, order, fill_mode, fill_value):
    inputs = core._tensor(inputs)
    inputs_wide, dtype = _wide(inputs)
    coordinates = [c.to(inputs_wide.dtype) for c in core.convert_to_tensor(coordinates)]
    if order == 0:
        corners = [[(torch.floor(c + 0.5).to(torch.int64), None)] for c in coordinates]
    else:
        corners = []
        for c in coordinates:
            lower = torch.floor(c)
            weight = c - lower
            lower = lower.to(torch.int64)
            corners.append([(lower, 1 - weight), (lower + 1, weight)])
    out = torch.zeros_like(coordinates[0])
    # Sum over the 2**rank corners of the cell holding each point.
    combos = [[]]
    for options in corners:
        combos = [combo + [option] for combo in combos for option in options]
    for combo in combos:
        indices, weight, valid = [], None, None
        for axis, (index, w) in enumerate(combo):
            index, inside = _mapped_index(index, inputs.shape[axis], fill_mode)
            indices.append(index)
            if inside is not None:
                valid = inside if valid is None else valid & inside
            if w is not None:
                weight = w if weight is None else weight * w
        values = inputs_wide[tuple(indices)]
        if valid is not None:
            values = torch.where(valid, values, torch.full_like(values, fill_value))
        out = out + (values if weight is None else values * weight)
    return _narrow(out, dtype)


def _sample(images, y, x, order, fill_mode, fill_value):
    """`images` `(N, H, W, C)` read at the points `y`, `x` `(N, H', W')`."""
    batch = torch.arange(images.shape[0], device=images.device)[:, None, None]
    if order == 0:
        corners = [(torch.floor(y + 0.5), torch.floor(x + 0.5), None)]
    else:
        y0, x0 = torch.floor(y), torch.floor(x)
        dy, dx = y - y0, x - x0
        corners = [
            (y0, x0, (1 - dy) * (1 - dx)),
            (y0, x0 + 1, (1 - dy) * dx),
            (y0 + 1, x0, dy * (1 - dx)),
            (y0 + 1, x0 + 1, dy * dx),
        ]
    out = 0
    for yi, xi, weight in corners:
        yi, y_inside = _mapped_index(yi.to(torch.int64), images.shape[1], fill_mode)
        xi, x_inside = _mapped_index(xi.to(torch.int64), images.shape[2], fill_mode)
        values = images[batch, yi, xi]
        if y_inside is not None:
            inside = (y_inside & x_inside)[..., None]
            values = torch.where(inside, values, torch.full_like(values, fill_value))
        out = out + (values if weight is None else values * weight[..., None])
    return out


def affine_transform(
    images, transform, interpolation, fill_mode, fill_value, data_format,
    projective=False,
):
    images, dtype = _wide(images)
    single = images.ndim == 3
    images = _channels_last(images, data_format)
    transform = core.convert_to_tensor(transform).to(images.dtype)
    if single:
        images = images[None]
    # One transform for every image of a batch (perspective_transform's points).
    if transform.ndim == 1:
        transform = transform[None]
    height, width = images.shape[1:3]
    ys, xs = torch.meshgrid(
        torch.arange(height, dtype=images.dtype, device=images.device),
        torch.arange(width, dtype=images.dtype, device=images.device),
        indexing="ij",
    )
    a0, a1, a2, b0, b1, b2, c0, c1 = [transform[:, i, None, None] for i in range(8)]
    x_in = a0 * xs + a1 * ys + a2
    y_in = b0 * xs + b1 * ys + b2
    # affine_transform does not read c0 and c1 (as Keras 3 on numpy, jax and torch);
    # perspective_transform divides by the projective denominator.
    if projective:
        k = c0 * xs + c1 * ys + 1
        x_in, y_in = x_in / k, y_in / k
    grid = (images.shape[0], height, width)
    x_in, y_in = torch.broadcast_to(x_in, grid), torch.broadcast_to(y_in, grid)
    order = 0 if interpolation == "nearest" else 1
    out = _sample(images, y_in, x_in, order, fill_mode, fill_value)
    if single:
        out = out[0]
    return _narrow(_restore(out, data_format), dtype)


def perspective_coefficients(start_points, end_points):
    """The `(N, 8)` transforms mapping `end_points` to `start_points` (`(N, 4, 2)`,
    (x, y) each): the output pixel at an end point reads the input at its start
    point."""
    start = core._tensor(start_points)
    end = core._tensor(end_points)
    dtype = torch.float64 if start.dtype == torch.float64 else torch.float32
    start, end = start.to(dtype), end.to(dtype)
    xe, ye = end[..., 0], end[..., 1]
    xs, ys = start[..., 0], start[..., 1]
    zeros, ones = torch.zeros_like(xe), torch.ones_like(xe)
    # xs * (c0 xe + c1 ye + 1) = a0 xe + a1 ye + a2, and the same for ys.
    x_rows = torch.stack([xe, ye, ones, zeros, zeros, zeros, -xe * xs, -ye * xs], -1)
    y_rows = torch.stack([zeros, zeros, zeros, xe, ye, ones, -xe * ys, -ye * ys], -1)
    matrix = torch.cat([x_rows, y_rows], axis=-2)
    target = torch.cat([xs, ys], axis=-1)
    return torch.linalg.solve(matrix, target[..., None])[..., 0]


def ssim(image1, image2, rows, columns, c1, c2, data_format, result_dtype):
    """Mean SSIM per image; `rows`/`columns` are the (valid) Gaussian filters."""
    x, _ = _wide(image1)
    y, _ = _wide(image2)
    dtype = torch.promote_types(x.dtype, y.dtype)
    x, y = x.to(dtype), y.to(dtype)
    result_dtype = core.convert_to_tensor(0, result_dtype).dtype
    x, y = _channels_last(x, data_format), _channels_last(y, data_format)
    rows = torch.as_tensor(rows, dtype=dtype, device=x.device)
    columns = torch.as_tensor(columns, dtype=dtype, device=x.device)

    def blur(v):
        v = torch.einsum("...hwc,oh->...owc", v, rows)
        return torch.einsum("...hwc,ow->...hoc", v, columns)

    mean_x, mean_y = blur(x), blur(y)
    var_x = blur(x * x) - mean_x * mean_x
    var_y = blur(y * y) - mean_y * mean_y
    cov = blur(x * y) - mean_x * mean_y
    numerator = (2 * mean_x * mean_y + c1) * (2 * cov + c2)
    denominator = (mean_x * mean_x + mean_y * mean_y + c1) * (var_x + var_y + c2)
    return torch.mean(numerator / denominator, dim=(-3, -2, -1)).to(result_dtype)


def extract_patches_3d(volumes, indices, data_format):
    """Patches at the (padded) `(out, k)` indices of the depth, height and width;
    the index `size` reads a zero (padding)."""
    volumes = core._tensor(volumes)
    if data_format == "channels_first":
        volumes = torch.movedim(volumes, -4, -1)
    # (..., o1, k1, o2, k2, o3, k3, C): each spatial axis becomes (out, k).
    first_axis = volumes.ndim - 4
    for i, index in enumerate(indices):
        axis = first_axis + 2 * i
        zero = torch.zeros_like(torch.narrow(volumes, axis, 0, 1))
        volumes = torch.cat([volumes, zero], dim=axis)
        index = torch.as_tensor(index, device=volumes.device)
        taken = torch.index_select(volumes, axis, index.reshape(-1))
        volumes = taken.reshape(
            taken.shape[:axis] + tuple(index.shape) + taken.shape[axis + 1 :]
        )
    lead = volumes.ndim - 7
    order = list(range(lead)) + [lead + j for j in (0, 2, 4, 1, 3, 5, 6)]
    volumes = volumes.permute(order)
    volumes = volumes.reshape(volumes.shape[: lead + 3] + (-1,))
    if data_format == "channels_first":
        volumes = torch.movedim(volumes, -1, -4)
    return volumes


def _triangle(x):
    return torch.clamp(1 - torch.abs(x), min=0.0)


def _keys_cubic(x):
    x = torch.abs(x)
    near = ((1.5 * x - 2.5) * x) * x + 1
    far = ((-0.5 * x + 2.5) * x - 4) * x + 2
    return torch.where(x < 1, near, torch.where(x < 2, far, 0.0))


def _lanczos(radius):
    def kernel(x):
        window = torch.sinc(x) * torch.sinc(x / radius)
        return torch.where(torch.abs(x) < radius, window, 0.0)

    return kernel


_SCALE_KERNELS = {
    "linear": _triangle,
    "cubic": _keys_cubic,
    "lanczos3": _lanczos(3),
    "lanczos5": _lanczos(5),
}


def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method, antialias
):
    images, dtype = _wide(images)
    scale = core.convert_to_tensor(scale).to(images.dtype)
    translation = core.convert_to_tensor(translation).to(images.dtype)
    kernel = _SCALE_KERNELS[method]
    eps = torch.finfo(images.dtype).eps
    for i, axis in enumerate(spatial_dims):
        in_size, out_size = images.shape[axis], output_shape[axis]
        grid = torch.arange(out_size, dtype=images.dtype, device=images.device)
        sample = grid + 0.5 - translation[i]
        sample = sample / scale[i] - 0.5
        kernel_scale = torch.clamp(1 / scale[i], min=1) if antialias else 1.0
        source = torch.arange(in_size, dtype=images.dtype, device=images.device)
        distance = sample[:, None] - source[None, :]
        weights = kernel(distance / kernel_scale)
        total = torch.sum(weights, dim=1, keepdim=True)
        weights = torch.where(
            torch.abs(total) > 1000 * eps,
            weights / torch.where(total != 0, total, 1),
            0,
        )
        inside = (sample >= -0.5) & (sample <= in_size - 0.5)
        weights = torch.where(inside[:, None], weights, 0).to(images.dtype)
        resampled = torch.tensordot(images, weights, dims=([axis], [1]))
        images = torch.movedim(resampled, -1, axis)
    return _narrow(images, dtype)


def sobel_edges(images, smooth_rows, diff_rows, smooth_columns, diff_columns,
                data_format):
    """The vertical and horizontal Sobel responses, stacked on a last axis."""
    dy = resize(images, diff_rows, smooth_columns, data_format)
    dx = resize(images, smooth_rows, diff_columns, data_format)
    return torch.stack([dy, dx], dim=-1)


def elastic_transform(images, noise, rows, columns, alpha, interpolation, fill_mode,
                      fill_value, data_format):
    """Resample `images` at the pixel grid displaced by `alpha` times the `noise`
    `(2, N, H, W)` smoothed by the filters `rows` and `columns`."""
    images, dtype = _wide(images)
    single = images.ndim == 3
    images = _channels_last(images, data_format)
    if single:
        images = images[None]
    noise = core.convert_to_tensor(noise).to(images.dtype)
    rows = torch.as_tensor(rows, dtype=images.dtype, device=images.device)
    columns = torch.as_tensor(columns, dtype=images.dtype, device=images.device)
    noise = torch.einsum("dnhw,oh->dnow", noise, rows)
    noise = torch.einsum("dnhw,ow->dnho", noise, columns)
    height, width = images.shape[1:3]
    grid = dict(dtype=images.dtype, device=images.device)
    ys = torch.arange(height, **grid)[:, None] + alpha * noise[0]
    xs = torch.arange(width, **grid)[None, :] + alpha * noise[1]
    order = 0 if interpolation == "nearest" else 1
    out = _sample(images, ys, xs, order, fill_mode, fill_value)
    if single:
        out = out[0]
    return _narrow(_restore(out, data_format), dtype)
