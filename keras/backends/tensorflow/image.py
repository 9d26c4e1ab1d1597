"""tensorflow backend: the image ops (see keras/ops/image.py for their contract).

keras.ops.image validates the arguments and resolves `data_format`; the functions here
take images of rank 3 or 4 in the given layout. Float16 and bfloat16 images are
computed in float32 and rounded once; integer images are rounded back to their dtype
(truncated by rgb_to_grayscale, as Keras 3 casts them).
"""

import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.tensorflow import core

# Luma weights of ITU-R BT.601 (what Keras's rgb_to_grayscale uses).
_LUMA = (0.2989, 0.5870, 0.1140)


def _channels_last(images, data_format):
    if data_format == "channels_first":
        return tnp.moveaxis(images, -3, -1)
    return images


def _restore(images, data_format):
    if data_format == "channels_first":
        return tnp.moveaxis(images, -1, -3)
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
    return tf.cast(images, wide), images.dtype


def _narrow(x, dtype, rounded=True):
    """`x` in `dtype`: integers rounded (else truncated) and clipped to their range."""
    if dtype == tf.bool:
        return x != 0
    if dtype.is_integer:
        x = tf.round(x) if rounded else x
        return tf.cast(tf.clip_by_value(x, dtype.min, dtype.max), dtype)
    return tf.cast(x, dtype)


def rgb_to_grayscale(images, data_format):
    images, dtype = _wide(images)
    images = _channels_last(images, data_format)
    weights = tf.constant(_LUMA, images.dtype)
    gray = tnp.tensordot(images, weights, axes=([-1], [0]))[..., None]
    # Integer images are truncated, as Keras 3 casts them.
    return _narrow(_restore(gray, data_format), dtype, rounded=False)


def rgb_to_hsv(images, data_format):
    images, dtype = _wide(images)
    images = _channels_last(images, data_format)
    r, g, b = images[..., 0], images[..., 1], images[..., 2]
    value = tnp.max(images, axis=-1)
    spread = value - tnp.min(images, axis=-1)
    safe_value = tnp.where(value > 0, value, 1)
    saturation = tnp.where(value > 0, spread / safe_value, 0)
    safe_spread = tnp.where(spread > 0, spread, 1)
    hue = tnp.where(
        value == r,
        (g - b) / safe_spread,
        tnp.where(value == g, 2 + (b - r) / safe_spread, 4 + (r - g) / safe_spread),
    )
    hue = tnp.where(spread > 0, tnp.mod(hue / 6, 1.0), 0)
    hsv = tf.cast(tnp.stack([hue, saturation, value], axis=-1), images.dtype)
    return _narrow(_restore(hsv, data_format), dtype)


def hsv_to_rgb(images, data_format):
    images, dtype = _wide(images)
    images = _channels_last(images, data_format)
    hue, saturation, value = images[..., 0], images[..., 1], images[..., 2]
    # Each channel is a piecewise-linear function of the hue on the colour wheel.
    offsets = tf.constant([5.0, 3.0, 1.0], images.dtype)
    k = tnp.mod(offsets + hue[..., None] * 6, 6)
    ramp = tnp.clip(tnp.minimum(k, 4 - k), 0, 1)
    rgb = value[..., None] - (value * saturation)[..., None] * ramp
    return _narrow(_restore(tf.cast(rgb, images.dtype), data_format), dtype)


def crop_images(images, top, left, height, width, data_format):
    images = core._tensor(images)
    images = _channels_last(images, data_format)
    cropped = images[..., top : top + height, left : left + width, :]
    return _restore(cropped, data_format)


def pad_images(images, top, bottom, left, right, data_format, fill_value=0):
    images = core._tensor(images)
    images = _channels_last(images, data_format)
    widths = [(0, 0)] * (images.ndim - 3) + [(top, bottom), (left, right), (0, 0)]
    fill = tf.cast(fill_value, images.dtype)
    padded = tf.pad(images, widths, constant_values=fill)
    return _restore(padded, data_format)


def resize(images, rows, columns, data_format):
    """Resample the spatial axes: `rows`/`columns` are index vectors (nearest) or
    `(out, in)` weight matrices."""
    images = core._tensor(images)
    images = _channels_last(images, data_format)
    if np.asarray(rows).dtype.kind == "i":
        out = tnp.take(tnp.take(images, rows, axis=-3), columns, axis=-2)
        return _restore(out, data_format)
    images, dtype = _wide(images)
    rows = tf.constant(rows, images.dtype)
    columns = tf.constant(columns, images.dtype)
    out = tnp.einsum("...hwc,oh->...owc", images, rows)
    out = tnp.einsum("...hwc,ow->...hoc", out, columns)
    return _narrow(_restore(out, data_format), dtype)


def extract_patches(images, rows, columns, data_format):
    """Patches at the (padded) `rows` `(out_h, kh)` and `columns` `(out_w, kw)`
    indices; the index `size` reads a zero (padding)."""
    images = core._tensor(images)
    images = _channels_last(images, data_format)
    zero = tnp.zeros_like(images[..., :1, :, :])
    images = tnp.concatenate([images, zero], axis=-3)
    zero = tnp.zeros_like(images[..., :1, :])
    images = tnp.concatenate([images, zero], axis=-2)
    # (..., oh, kh, W, C) then (..., oh, kh, ow, kw, C).
    patches = tnp.take(images, rows, axis=-3)
    patches = tnp.take(patches, columns, axis=-2)
    patches = tnp.swapaxes(patches, -4, -3)
    patches = tf.reshape(patches, tf.concat([tf.shape(patches)[:-3], [-1]], 0))
    return _restore(patches, data_format)


def _mapped_index(index, size, fill_mode):
    """Integer indices mapped into `[0, size)` by `fill_mode`, and whether each was
    inside (for "constant")."""
    if fill_mode == "constant":
        return tnp.clip(index, 0, size - 1), (index >= 0) & (index < size)
    if fill_mode == "nearest":
        return tnp.clip(index, 0, size - 1), None
    if fill_mode == "wrap":
        return tnp.mod(index, size), None
    if fill_mode == "mirror":
        if size == 1:
            return tnp.zeros_like(index), None
        period = 2 * size - 2
        index = tnp.mod(index, period)
        return tnp.where(index >= size, period - index, index), None
    # reflect: the edge pixel repeats (d c b a | a b c d | d c b a).
    period = 2 * size
    index = tnp.mod(index, period)
    return tnp.where(index >= size, period - 1 - index, index), None


def map_coordinates(inputs, coordinates, order, fill_mode, fill_value):
    inputs = core._tensor(inputs)
    inputs_wide, dtype = _wide(inputs)
    coordinates = core.convert_to_tensor(coordinates)
    coordinates = tf.unstack(tf.cast(coordinates, inputs_wide.dtype))
    if order == 0:
        corners = [[(tf.cast(tnp.floor(c + 0.5), tf.int32), None)] for c in coordinates]
    else:
        corners = []
        for c in coordinates:
            lower = tnp.floor(c)
            weight = c - lower
            lower = tf.cast(lower, tf.int32)
            corners.append([(lower, 1 - weight), (lower + 1, weight)])
    out = tnp.zeros(coordinates[0].shape, inputs_wide.dtype)
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
        values = tf.gather_nd(inputs_wide, tf.stack(indices, axis=-1))
        if valid is not None:
            values = tnp.where(valid, values, tnp.full_like(values, fill_value))
        out = out + (values if weight is None else values * weight)
    return _narrow(out, dtype)


def _sample(images, y, x, order, fill_mode, fill_value):
    """`images` `(N, H, W, C)` read at the points `y`, `x` `(N, H', W')`."""
    batch = tf.range(tf.shape(images)[0], dtype=tf.int32)[:, None, None]
    if order == 0:
        corners = [(tnp.floor(y + 0.5), tnp.floor(x + 0.5), None)]
    else:
        y0, x0 = tnp.floor(y), tnp.floor(x)
        dy, dx = y - y0, x - x0
        corners = [
            (y0, x0, (1 - dy) * (1 - dx)),
            (y0, x0 + 1, (1 - dy) * dx),
            (y0 + 1, x0, dy * (1 - dx)),
            (y0 + 1, x0 + 1, dy * dx),
        ]
    out = 0
    for yi, xi, weight in corners:
        yi, y_inside = _mapped_index(tf.cast(yi, tf.int32), images.shape[1], fill_mode)
        xi, x_inside = _mapped_index(tf.cast(xi, tf.int32), images.shape[2], fill_mode)
        batch_index = tf.broadcast_to(batch, tf.shape(yi))
        points = tf.stack([batch_index, yi, xi], axis=-1)
        values = tf.gather_nd(images, points)
        if y_inside is not None:
            inside = (y_inside & x_inside)[..., None]
            values = tnp.where(inside, values, tnp.full_like(values, fill_value))
        out = out + (values if weight is None else values * weight[..., None])
    return out


def affine_transform(
    images, transform, interpolation, fill_mode, fill_value, data_format,
    projective=False,
):
    images, dtype = _wide(images)
    single = images.ndim == 3
    images = _channels_last(images, data_format)
    transform = tf.cast(core.convert_to_tensor(transform), images.dtype)
    if single:
        images = images[None]
    # One transform for every image of a batch (perspective_transform's points).
    if transform.ndim == 1:
        transform = transform[None]
    height, width = images.shape[1:3]
    ys, xs = tnp.meshgrid(
        tnp.arange(height, dtype=images.dtype),
        tnp.arange(width, dtype=images.dtype),
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
    x_in, y_in = tnp.broadcast_to(x_in, grid), tnp.broadcast_to(y_in, grid)
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
    dtype = tf.float64 if start.dtype == tf.float64 else tf.float32
    start, end = tf.cast(start, dtype), tf.cast(end, dtype)
    xe, ye = end[..., 0], end[..., 1]
    xs, ys = start[..., 0], start[..., 1]
    zeros, ones = tnp.zeros_like(xe), tnp.ones_like(xe)
    # xs * (c0 xe + c1 ye + 1) = a0 xe + a1 ye + a2, and the same for ys.
    x_rows = tnp.stack([xe, ye, ones, zeros, zeros, zeros, -xe * xs, -ye * xs], -1)
    y_rows = tnp.stack([zeros, zeros, zeros, xe, ye, ones, -xe * ys, -ye * ys], -1)
    matrix = tnp.concatenate([x_rows, y_rows], axis=-2)
    target = tnp.concatenate([xs, ys], axis=-1)
    return tf.linalg.solve(matrix, target[..., None])[..., 0]


def ssim(image1, image2, rows, columns, c1, c2, data_format, result_dtype):
    """Mean SSIM per image; `rows`/`columns` are the (valid) Gaussian filters."""
    x, _ = _wide(image1)
    y, _ = _wide(image2)
    dtype = tf.float64 if tf.float64 in (x.dtype, y.dtype) else tf.float32
    x, y = tf.cast(x, dtype), tf.cast(y, dtype)
    result_dtype = dtypes.numpy_dtype(result_dtype)
    x, y = _channels_last(x, data_format), _channels_last(y, data_format)
    rows, columns = tf.constant(rows, dtype), tf.constant(columns, dtype)

    def blur(v):
        v = tnp.einsum("...hwc,oh->...owc", v, rows)
        return tnp.einsum("...hwc,ow->...hoc", v, columns)

    mean_x, mean_y = blur(x), blur(y)
    var_x = blur(x * x) - mean_x * mean_x
    var_y = blur(y * y) - mean_y * mean_y
    cov = blur(x * y) - mean_x * mean_y
    numerator = (2 * mean_x * mean_y + c1) * (2 * cov + c2)
    denominator = (mean_x * mean_x + mean_y * mean_y + c1) * (var_x + var_y + c2)
    ssim_map = numerator / denominator
    return tf.cast(tf.reduce_mean(ssim_map, axis=(-3, -2, -1)), result_dtype)


def extract_patches_3d(volumes, indices, data_format):
    """Patches at the (padded) `(out, k)` indices of the depth, height and width;
    the index `size` reads a zero (padding)."""
    volumes = core._tensor(volumes)
    if data_format == "channels_first":
        volumes = tnp.moveaxis(volumes, -4, -1)
    # (..., o1, k1, o2, k2, o3, k3, C): each spatial axis becomes (out, k).
    first_axis = volumes.ndim - 4
    for i, index in enumerate(indices):
        axis = first_axis + 2 * i
        pad = [(0, 0)] * volumes.ndim
        pad[axis] = (0, 1)
        volumes = tf.gather(tf.pad(volumes, pad), index, axis=axis)
    lead = volumes.ndim - 7
    order = list(range(lead)) + [lead + j for j in (0, 2, 4, 1, 3, 5, 6)]
    volumes = tnp.transpose(volumes, order)
    shape = tf.concat([tf.shape(volumes)[: lead + 3], [-1]], 0)
    volumes = tf.reshape(volumes, shape)
    if data_format == "channels_first":
        volumes = tnp.moveaxis(volumes, -1, -4)
    return volumes


def _triangle(x):
    return tnp.maximum(0.0, 1 - tnp.abs(x))


def _keys_cubic(x):
    x = tnp.abs(x)
    near = ((1.5 * x - 2.5) * x) * x + 1
    far = ((-0.5 * x + 2.5) * x - 4) * x + 2
    return tnp.where(x < 1, near, tnp.where(x < 2, far, 0.0))


def _lanczos(radius):
    def kernel(x):
        window = tnp.sinc(x) * tnp.sinc(x / radius)
        return tnp.where(tnp.abs(x) < radius, window, 0.0)

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
    scale = tf.cast(core.convert_to_tensor(scale), images.dtype)
    translation = tf.cast(core.convert_to_tensor(translation), images.dtype)
    kernel = _SCALE_KERNELS[method]
    eps = np.finfo(images.dtype.as_numpy_dtype).eps
    for i, axis in enumerate(spatial_dims):
        in_size, out_size = images.shape[axis], output_shape[axis]
        sample = (tnp.arange(out_size, dtype=images.dtype) + 0.5 - translation[i])
        sample = sample / scale[i] - 0.5
        kernel_scale = tnp.maximum(1 / scale[i], 1) if antialias else 1.0
        distance = sample[:, None] - tnp.arange(in_size, dtype=images.dtype)[None, :]
        weights = kernel(distance / kernel_scale)
        total = tnp.sum(weights, axis=1, keepdims=True)
        weights = tnp.where(
            tnp.abs(total) > 1000 * eps, weights / tnp.where(total != 0, total, 1), 0
        )
        inside = (sample >= -0.5) & (sample <= in_size - 0.5)
        weights = tf.cast(tnp.where(inside[:, None], weights, 0), images.dtype)
        resampled = tnp.tensordot(images, weights, axes=([axis], [1]))
        images = tnp.moveaxis(resampled, -1, axis)
    return _narrow(images, dtype)


def sobel_edges(images, smooth_rows, diff_rows, smooth_columns, diff_columns,
                data_format):
    """The vertical and horizontal Sobel responses, stacked on a last axis."""
    dy = resize(images, diff_rows, smooth_columns, data_format)
    dx = resize(images, smooth_rows, diff_columns, data_format)
    return tnp.stack([dy, dx], axis=-1)


def elastic_transform(images, noise, rows, columns, alpha, interpolation, fill_mode,
                      fill_value, data_format):
    """Resample `images` at the pixel grid displaced by `alpha` times the `noise`
    `(2, N, H, W)` smoothed by the filters `rows` and `columns`."""
    images, dtype = _wide(images)
    single = images.ndim == 3
    images = _channels_last(images, data_format)
    if single:
        images = images[None]
    noise = tf.cast(core.convert_to_tensor(noise), images.dtype)
    rows = tf.constant(rows, images.dtype)
    columns = tf.constant(columns, images.dtype)
    noise = tnp.einsum("dnhw,oh->dnow", noise, rows)
    noise = tnp.einsum("dnhw,ow->dnho", noise, columns)
    height, width = images.shape[1:3]
    ys = tf.range(height, dtype=images.dtype)[:, None] + alpha * noise[0]
    xs = tf.range(width, dtype=images.dtype)[None, :] + alpha * noise[1]
    order = 0 if interpolation == "nearest" else 1
    out = _sample(images, ys, xs, order, fill_mode, fill_value)
    if single:
        out = out[0]
    return _narrow(_restore(out, data_format), dtype)
