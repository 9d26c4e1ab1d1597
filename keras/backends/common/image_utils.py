"""The image ops of every backend (see keras/ops/image.py for their contract), written
once here over a few engine primitives and bound in each backend's image module.

keras.ops.image validates the arguments and resolves `data_format`; the ops take images
of rank 3 or 4 in the given layout. Float16 and bfloat16 images are computed in float32
and rounded once; integer images are rounded back to their dtype (truncated by
rgb_to_grayscale, as Keras 3 casts them).

`make_image_ops(engine)` builds the ops from `engine`, a namespace of these primitives
(`numpy_like_engine` fills most of them from a NumPy-like module):

- `tensor(x)`: `x` as a tensor of the engine (tensors pass through).
- `cast(x, dtype)`: `x` in `dtype` (a Keras dtype name or a dtype of the engine).
- `constant(values, like)`: `values` (a sequence or NumPy array) as a tensor of the
  dtype and device of `like`.
- `arange(n, dtype, like)`: `0 .. n - 1` in `dtype`, on the device of `like`.
- `dim(x, axis)`: the size of an axis (a scalar tensor where the engine's graph does
  not know it).
- `take(x, indices, axis)`: `x` indexed along `axis` by an integer array of any rank
  (its axes replace `axis`), as NumPy's `take`.
- `gather(x, indices)`: `x[i0, i1, ...]` for integer tensors `indices` (which
  broadcast), one per leading axis, as NumPy's advanced indexing.
- `pad(x, widths, fill)`: `x` padded by the `(before, after)` pairs `widths` with the
  constant `fill`.
- `flatten_from(x, axis)`: `x` with its axes from `axis` on merged into one.
- `maximum(x, low)`: the elementwise maximum of a tensor and the scalar `low`.
- `amax(x, axis)`, `amin(x, axis)`, `sum(x, axis, keepdims)`, `mean(x, axis)`,
  `stack(xs, axis)`, `concatenate(xs, axis)`, `tensordot(a, b, axes)`,
  `einsum(spec, *operands)`, `transpose(x, order)`, `solve(a, b)`, `moveaxis`,
  `broadcast_to`, `where`, `mod`, `clip`, `minimum`, `floor`, `abs`, `sinc`, `round`,
  `zeros_like`, `full_like`: as NumPy spells them.
- `index_dtype`: the name of the integer dtype of the engine's pixel indices.
"""

import types

import numpy as np

from keras.backends.common import backend_utils
from keras.backends.common import dtypes

# Luma weights of ITU-R BT.601 (what Keras's rgb_to_grayscale uses).
_LUMA = (0.2989, 0.5870, 0.1140)

# The primitives a NumPy-like module (numpy, jax.numpy, tf.experimental.numpy) has
# under their NumPy names.
_NUMPY_NAMED = (
    "abs",
    "broadcast_to",
    "clip",
    "concatenate",
    "floor",
    "full_like",
    "minimum",
    "mod",
    "moveaxis",
    "round",
    "sinc",
    "stack",
    "take",
    "tensordot",
    "transpose",
    "where",
    "zeros_like",
)


def numpy_like_engine(xp, **primitives):
    """An engine namespace for `make_image_ops` whose primitives call the NumPy-like
    module `xp`; `primitives` (at least `tensor`, `cast` and `index_dtype`) add to or
    replace them."""
    engine = {name: getattr(xp, name) for name in _NUMPY_NAMED}

    def arange(n, dtype, like):
        return xp.arange(n, dtype=dtype)

    def gather(x, indices):
        return x[tuple(indices)]

    def pad(x, widths, fill):
        return xp.pad(x, widths, constant_values=fill)

    def flatten_from(x, axis):
        return xp.reshape(x, tuple(x.shape[:axis]) + (-1,))

    def einsum(spec, *operands):
        return xp.einsum(spec, *operands, optimize=True)

    def sum_(x, axis, keepdims=False):
        return xp.sum(x, axis=axis, keepdims=keepdims)

    engine.update(
        amax=xp.max,
        amin=xp.min,
        arange=arange,
        constant=lambda values, like: xp.asarray(values, dtype=like.dtype),
        dim=lambda x, axis: x.shape[axis],
        einsum=einsum,
        flatten_from=flatten_from,
        gather=gather,
        maximum=xp.maximum,
        mean=xp.mean,
        pad=pad,
        solve=lambda a, b: xp.linalg.solve(a, b),
        sum=sum_,
    )
    engine.update(primitives)
    return types.SimpleNamespace(**engine)


def resampling_kernels(engine):
    """The kernels of scale_and_translate by method name, each a function of the
    distance (in input pixels) between an output sample and an input pixel; `engine`
    needs only `abs`, `maximum`, `sinc` and `where` (`numpy_like_engine(np)` gives the
    NumPy ones)."""
    E = engine

    def triangle(x):
        return E.maximum(1 - E.abs(x), 0.0)

    def keys_cubic(x):
        # Keys' cubic convolution with a = -0.5.
        x = E.abs(x)
        near = ((1.5 * x - 2.5) * x) * x + 1
        far = ((-0.5 * x + 2.5) * x - 4) * x + 2
        return E.where(x < 1, near, E.where(x < 2, far, 0.0))

    def lanczos(radius):
        def kernel(x):
            window = E.sinc(x) * E.sinc(x / radius)
            return E.where(E.abs(x) < radius, window, 0.0)

        return kernel

    return {
        "linear": triangle,
        "cubic": keys_cubic,
        "lanczos3": lanczos(3),
        "lanczos5": lanczos(5),
    }


def make_image_ops(engine):
    """The image ops of the backend contract built on `engine`'s primitives (see the
    module docstring), as a namespace."""
    E = engine

    def channels_last(images, data_format):
        if data_format == "channels_first":
            return E.moveaxis(images, -3, -1)
        return images

    def restore(images, data_format):
        if data_format == "channels_first":
            return E.moveaxis(images, -1, -3)
        return images

    def wide(images):
        """`images` in its compute dtype, and the dtype of the result (its own)."""
        images = E.tensor(images)
        name = dtypes.standardize_dtype(images.dtype)
        if name in ("float32", "float64"):
            return images, images.dtype
        target = "float32"
        if name.startswith("float"):
            target = backend_utils.wide_float_dtype(name)
        return E.cast(images, target), images.dtype

    def narrow(x, dtype, rounded=True):
        """`x` in `dtype`: integers rounded (else truncated) and clipped to their
        range."""
        name = dtypes.standardize_dtype(dtype)
        if name == "bool":
            return x != 0
        if "int" in name:
            info = np.iinfo(name)
            x = E.round(x) if rounded else x
            # The cast truncates what was not rounded.
            return E.cast(E.clip(x, info.min, info.max), dtype)
        return E.cast(x, dtype)

    def compute_dtype(*tensors):
        """float64 if one of `tensors` is, else float32."""
        names = [dtypes.standardize_dtype(t.dtype) for t in tensors]
        return "float64" if "float64" in names else "float32"

    def rgb_to_grayscale(images, data_format):
        images, dtype = wide(images)
        images = channels_last(images, data_format)
        weights = E.constant(_LUMA, images)
        gray = E.tensordot(images, weights, ([-1], [0]))[..., None]
        # Integer images are truncated, as Keras 3 casts them.
        return narrow(restore(gray, data_format), dtype, rounded=False)

    def rgb_to_hsv(images, data_format):
        images, dtype = wide(images)
        images = channels_last(images, data_format)
        r, g, b = images[..., 0], images[..., 1], images[..., 2]
        value = E.amax(images, -1)
        spread = value - E.amin(images, -1)
        safe_value = E.where(value > 0, value, 1)
        saturation = E.where(value > 0, spread / safe_value, 0)
        safe_spread = E.where(spread > 0, spread, 1)
        hue = E.where(
            value == r,
            (g - b) / safe_spread,
            E.where(value == g, 2 + (b - r) / safe_spread, 4 + (r - g) / safe_spread),
        )
        hue = E.where(spread > 0, E.mod(hue / 6, 1.0), 0)
        hsv = E.cast(E.stack([hue, saturation, value], -1), images.dtype)
        return narrow(restore(hsv, data_format), dtype)

    def hsv_to_rgb(images, data_format):
        images, dtype = wide(images)
        images = channels_last(images, data_format)
        hue, saturation, value = images[..., 0], images[..., 1], images[..., 2]
        # Each channel is a piecewise-linear function of the hue on the colour wheel.
        offsets = E.constant([5.0, 3.0, 1.0], images)
        k = E.mod(offsets + hue[..., None] * 6, 6)
        ramp = E.clip(E.minimum(k, 4 - k), 0, 1)
        rgb = value[..., None] - (value * saturation)[..., None] * ramp
        return narrow(restore(E.cast(rgb, images.dtype), data_format), dtype)

    def crop_images(images, top, left, height, width, data_format):
        images = channels_last(E.tensor(images), data_format)
        cropped = images[..., top : top + height, left : left + width, :]
        return restore(cropped, data_format)

    def pad_images(images, top, bottom, left, right, data_format, fill_value=0):
        images = channels_last(E.tensor(images), data_format)
        widths = [(0, 0)] * (images.ndim - 3) + [(top, bottom), (left, right), (0, 0)]
        return restore(E.pad(images, widths, fill_value), data_format)

    def resize(images, rows, columns, data_format):
        """Resample the spatial axes: `rows`/`columns` are index vectors (nearest) or
        `(out, in)` weight matrices."""
        images = channels_last(E.tensor(images), data_format)
        if np.asarray(rows).dtype.kind == "i":
            out = E.take(E.take(images, rows, -3), columns, -2)
            return restore(out, data_format)
        images, dtype = wide(images)
        rows, columns = E.constant(rows, images), E.constant(columns, images)
        out = E.einsum("...hwc,oh->...owc", images, rows)
        out = E.einsum("...hwc,ow->...hoc", out, columns)
        return narrow(restore(out, data_format), dtype)

    def extract_patches(images, rows, columns, data_format):
        """Patches at the (padded) `rows` `(out_h, kh)` and `columns` `(out_w, kw)`
        indices; the index `size` reads a zero (padding)."""
        images = channels_last(E.tensor(images), data_format)
        widths = [(0, 0)] * (images.ndim - 3) + [(0, 1), (0, 1), (0, 0)]
        images = E.pad(images, widths, 0)
        # (..., oh, kh, W, C), then (..., oh, kh, ow, kw, C), then (..., oh, ow, kh, kw,
        # C), with the patch's values merged on the last axis.
        patches = E.take(E.take(images, rows, -3), columns, -2)
        patches = E.moveaxis(patches, -4, -3)
        return restore(E.flatten_from(patches, -3), data_format)

    def mapped_index(index, size, fill_mode):
        """Integer indices mapped into `[0, size)` by `fill_mode`, and whether each was
        inside (for "constant")."""
        if fill_mode == "constant":
            return E.clip(index, 0, size - 1), (index >= 0) & (index < size)
        if fill_mode == "nearest":
            return E.clip(index, 0, size - 1), None
        if fill_mode == "wrap":
            return E.mod(index, size), None
        if fill_mode == "mirror":
            if size == 1:
                return E.zeros_like(index), None
            period = 2 * size - 2
            index = E.mod(index, period)
            return E.where(index >= size, period - index, index), None
        # reflect: the edge pixel repeats (d c b a | a b c d | d c b a).
        period = 2 * size
        index = E.mod(index, period)
        return E.where(index >= size, period - 1 - index, index), None

    def map_coordinates(inputs, coordinates, order, fill_mode, fill_value):
        inputs = E.tensor(inputs)
        inputs_wide, dtype = wide(inputs)
        coordinates = E.cast(E.tensor(coordinates), inputs_wide.dtype)
        coordinates = [coordinates[i] for i in range(coordinates.shape[0])]
        if order == 0:
            rounded = [E.cast(E.floor(c + 0.5), E.index_dtype) for c in coordinates]
            corners = [[(index, None)] for index in rounded]
        else:
            corners = []
            for c in coordinates:
                lower = E.floor(c)
                weight = c - lower
                lower = E.cast(lower, E.index_dtype)
                corners.append([(lower, 1 - weight), (lower + 1, weight)])
        out = E.zeros_like(coordinates[0])
        # Sum over the 2**rank corners of the cell holding each point.
        combos = [[]]
        for options in corners:
            combos = [combo + [option] for combo in combos for option in options]
        for combo in combos:
            indices, weight, valid = [], None, None
            for axis, (index, w) in enumerate(combo):
                index, inside = mapped_index(index, inputs.shape[axis], fill_mode)
                indices.append(index)
                if inside is not None:
                    valid = inside if valid is None else valid & inside
                if w is not None:
                    weight = w if weight is None else weight * w
            values = E.gather(inputs_wide, indices)
            if valid is not None:
                values = E.where(valid, values, E.full_like(values, fill_value))
            out = out + (values if weight is None else values * weight)
        return narrow(out, dtype)

    def sample(images, y, x, order, fill_mode, fill_value):
        """`images` `(N, H, W, C)` read at the points `y`, `x` `(N, H', W')`."""
        batch = E.arange(E.dim(images, 0), E.index_dtype, images)[:, None, None]
        if order == 0:
            corners = [(E.floor(y + 0.5), E.floor(x + 0.5), None)]
        else:
            y0, x0 = E.floor(y), E.floor(x)
            dy, dx = y - y0, x - x0
            corners = [
                (y0, x0, (1 - dy) * (1 - dx)),
                (y0, x0 + 1, (1 - dy) * dx),
                (y0 + 1, x0, dy * (1 - dx)),
                (y0 + 1, x0 + 1, dy * dx),
            ]
        out = 0
        for yi, xi, weight in corners:
            yi = E.cast(yi, E.index_dtype)
            xi = E.cast(xi, E.index_dtype)
            yi, y_inside = mapped_index(yi, images.shape[1], fill_mode)
            xi, x_inside = mapped_index(xi, images.shape[2], fill_mode)
            values = E.gather(images, [batch, yi, xi])
            if y_inside is not None:
                inside = (y_inside & x_inside)[..., None]
                values = E.where(inside, values, E.full_like(values, fill_value))
            out = out + (values if weight is None else values * weight[..., None])
        return out

    def resample(images, data_format, points, interpolation, fill_mode, fill_value):
        """`images` read at the `(y, x)` that `points(batch)` gives for the batch
        `(N, H, W, C)` (a single image is a batch of one)."""
        images, dtype = wide(images)
        single = images.ndim == 3
        images = channels_last(images, data_format)
        if single:
            images = images[None]
        y, x = points(images)
        order = 0 if interpolation == "nearest" else 1
        out = sample(images, y, x, order, fill_mode, fill_value)
        if single:
            out = out[0]
        return narrow(restore(out, data_format), dtype)

    def affine_transform(
        images,
        transform,
        interpolation,
        fill_mode,
        fill_value,
        data_format,
        projective=False,
    ):
        def points(images):
            matrix = E.cast(E.tensor(transform), images.dtype)
            # One transform for every image of a batch (perspective_transform's points).
            if matrix.ndim == 1:
                matrix = matrix[None]
            height, width = images.shape[1:3]
            ys = E.arange(height, images.dtype, images)[:, None]
            xs = E.arange(width, images.dtype, images)[None, :]
            a0, a1, a2, b0, b1, b2, c0, c1 = [
                matrix[:, i, None, None] for i in range(8)
            ]
            x_in = a0 * xs + a1 * ys + a2
            y_in = b0 * xs + b1 * ys + b2
            # affine_transform does not read c0 and c1 (as Keras 3 on numpy, jax and
            # torch); perspective_transform divides by the projective denominator.
            if projective:
                k = c0 * xs + c1 * ys + 1
                x_in, y_in = x_in / k, y_in / k
            grid = (E.dim(images, 0), height, width)
            return E.broadcast_to(y_in, grid), E.broadcast_to(x_in, grid)

        return resample(
            images, data_format, points, interpolation, fill_mode, fill_value
        )

    def perspective_coefficients(start_points, end_points):
        """The `(N, 8)` transforms mapping `end_points` to `start_points` (`(N, 4, 2)`,
        (x, y) each): the output pixel at an end point reads the input at its start
        point."""
        start = E.tensor(start_points)
        end = E.tensor(end_points)
        dtype = compute_dtype(start)
        start, end = E.cast(start, dtype), E.cast(end, dtype)
        xe, ye = end[..., 0], end[..., 1]
        xs, ys = start[..., 0], start[..., 1]
        zeros, ones = E.zeros_like(xe), E.full_like(xe, 1)
        # xs * (c0 xe + c1 ye + 1) = a0 xe + a1 ye + a2, and the same for ys.
        x_rows = E.stack([xe, ye, ones, zeros, zeros, zeros, -xe * xs, -ye * xs], -1)
        y_rows = E.stack([zeros, zeros, zeros, xe, ye, ones, -xe * ys, -ye * ys], -1)
        matrix = E.concatenate([x_rows, y_rows], -2)
        target = E.concatenate([xs, ys], -1)
        return E.solve(matrix, target[..., None])[..., 0]

    def ssim(image1, image2, rows, columns, c1, c2, data_format, result_dtype):
        """Mean SSIM per image; `rows`/`columns` are the (valid) Gaussian filters."""
        x, _ = wide(image1)
        y, _ = wide(image2)
        dtype = compute_dtype(x, y)
        x, y = E.cast(x, dtype), E.cast(y, dtype)
        x, y = channels_last(x, data_format), channels_last(y, data_format)
        rows, columns = E.constant(rows, x), E.constant(columns, x)

        def blur(v):
            v = E.einsum("...hwc,oh->...owc", v, rows)
            return E.einsum("...hwc,ow->...hoc", v, columns)

        mean_x, mean_y = blur(x), blur(y)
        var_x = blur(x * x) - mean_x * mean_x
        var_y = blur(y * y) - mean_y * mean_y
        cov = blur(x * y) - mean_x * mean_y
        numerator = (2 * mean_x * mean_y + c1) * (2 * cov + c2)
        denominator = (mean_x * mean_x + mean_y * mean_y + c1) * (var_x + var_y + c2)
        return E.cast(E.mean(numerator / denominator, (-3, -2, -1)), result_dtype)

    def extract_patches_3d(volumes, indices, data_format):
        """Patches at the (padded) `(out, k)` indices of the depth, height and width;
        the index `size` reads a zero (padding)."""
        volumes = E.tensor(volumes)
        if data_format == "channels_first":
            volumes = E.moveaxis(volumes, -4, -1)
        # (..., o1, k1, o2, k2, o3, k3, C): each spatial axis becomes (out, k).
        first_axis = volumes.ndim - 4
        for i, index in enumerate(indices):
            axis = first_axis + 2 * i
            widths = [(0, 0)] * volumes.ndim
            widths[axis] = (0, 1)
            volumes = E.take(E.pad(volumes, widths, 0), index, axis)
        lead = volumes.ndim - 7
        order = list(range(lead)) + [lead + j for j in (0, 2, 4, 1, 3, 5, 6)]
        volumes = E.flatten_from(E.transpose(volumes, order), lead + 3)
        if data_format == "channels_first":
            volumes = E.moveaxis(volumes, -1, -4)
        return volumes

    scale_kernels = resampling_kernels(E)

    def scale_and_translate(
        images, output_shape, scale, translation, spatial_dims, method, antialias
    ):
        images, dtype = wide(images)
        scale = E.cast(E.tensor(scale), images.dtype)
        translation = E.cast(E.tensor(translation), images.dtype)
        kernel = scale_kernels[method]
        eps = np.finfo(dtypes.standardize_dtype(images.dtype)).eps
        for i, axis in enumerate(spatial_dims):
            in_size, out_size = images.shape[axis], output_shape[axis]
            sample_at = E.arange(out_size, images.dtype, images) + 0.5 - translation[i]
            sample_at = sample_at / scale[i] - 0.5
            kernel_scale = E.maximum(1 / scale[i], 1) if antialias else 1.0
            source = E.arange(in_size, images.dtype, images)
            weights = kernel((sample_at[:, None] - source[None, :]) / kernel_scale)
            total = E.sum(weights, 1, keepdims=True)
            weights = E.where(
                E.abs(total) > 1000 * eps, weights / E.where(total != 0, total, 1), 0
            )
            inside = (sample_at >= -0.5) & (sample_at <= in_size - 0.5)
            weights = E.cast(E.where(inside[:, None], weights, 0), images.dtype)
            resampled = E.tensordot(images, weights, ([axis], [1]))
            images = E.moveaxis(resampled, -1, axis)
        return narrow(images, dtype)

    def sobel_edges(
        images, smooth_rows, diff_rows, smooth_columns, diff_columns, data_format
    ):
        """The vertical and horizontal Sobel responses, stacked on a last axis."""
        dy = resize(images, diff_rows, smooth_columns, data_format)
        dx = resize(images, smooth_rows, diff_columns, data_format)
        return E.stack([dy, dx], -1)

    def elastic_transform(
        images,
        noise,
        rows,
        columns,
        alpha,
        interpolation,
        fill_mode,
        fill_value,
        data_format,
    ):
        """Resample `images` at the pixel grid displaced by `alpha` times the `noise`
        `(2, N, H, W)` smoothed by the filters `rows` and `columns`."""

        def points(images):
            smoothed = E.cast(E.tensor(noise), images.dtype)
            smoothed = E.einsum("dnhw,oh->dnow", smoothed, E.constant(rows, images))
            smoothed = E.einsum("dnhw,ow->dnho", smoothed, E.constant(columns, images))
            height, width = images.shape[1:3]
            ys = E.arange(height, images.dtype, images)[:, None] + alpha * smoothed[0]
            xs = E.arange(width, images.dtype, images)[None, :] + alpha * smoothed[1]
            return ys, xs

        return resample(
            images, data_format, points, interpolation, fill_mode, fill_value
        )

    return types.SimpleNamespace(
        affine_transform=affine_transform,
        crop_images=crop_images,
        elastic_transform=elastic_transform,
        extract_patches=extract_patches,
        extract_patches_3d=extract_patches_3d,
        hsv_to_rgb=hsv_to_rgb,
        map_coordinates=map_coordinates,
        pad_images=pad_images,
        perspective_coefficients=perspective_coefficients,
        resize=resize,
        rgb_to_grayscale=rgb_to_grayscale,
        rgb_to_hsv=rgb_to_hsv,
        scale_and_translate=scale_and_translate,
        sobel_edges=sobel_edges,
        ssim=ssim,
    )
