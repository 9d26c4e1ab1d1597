"""keras.ops.image against NumPy references: values, dtypes, shapes, specs, errors.

The references are written pixel by pixel in float64 (colorsys for HSV, explicit loops
for resampling). They encode Keras 3's conventions, checked once against Keras 3.15.1:
pixel centres at half-integers, resize kernels widened by the downscaling factor when
antialiasing, nearest neighbours at `floor((i + 0.5) * in / out)`, grayscale of
integer images truncated, resize of integer images rounded.
"""

import colorsys
import math

import numpy as np
import pytest

from keras import ops
from keras.ops import image
from keras.ops import testing

to_numpy = testing.to_numpy
RTOL, ATOL = 1e-5, 1e-5
FORMATS = ["channels_last", "channels_first"]


def images(shape=(2, 5, 7, 3), dtype="float32", seed=0, low=0.0, high=1.0):
    return testing.random_array(shape, dtype, seed=seed, low=low, high=high)


def held(dtype):
    """The dtype the backend holds `dtype` in (JAX without x64 holds float64 in
    float32), and the tolerance of a comparison in it."""
    dtype = to_numpy(ops.convert_to_tensor(np.zeros((), dtype))).dtype
    return dtype, (1e-10 if dtype == np.float64 else 1e-5)


def first(x):
    """channels_last -> channels_first (the channel axis before height and width)."""
    return np.moveaxis(x, -1, -3)


def per_image(function, x):
    """`function` (of one float64 HWC image) over a batch or one image."""
    x = np.asarray(x, "float64")
    if x.ndim == 3:
        return function(x)
    return np.stack([function(i) for i in x])


def check_formats(op, reference, x, rtol=RTOL, atol=ATOL, **kwargs):
    """`op` on channels_last `x` and on its channels_first copy equals `reference`."""
    expected = reference(x)
    testing.assert_close(
        op(x, data_format="channels_last", **kwargs), expected, rtol, atol
    )
    testing.assert_close(
        op(first(x), data_format="channels_first", **kwargs), first(expected),
        rtol, atol,
    )


# Colour conversions.


def gray_reference(x):
    weights = np.asarray([0.2989, 0.5870, 0.1140])
    return (np.asarray(x, "float64") @ weights)[..., None]


def hsv_reference(x):
    out = np.empty(x.shape, "float64")
    for index in np.ndindex(x.shape[:-1]):
        out[index] = colorsys.rgb_to_hsv(*x[index].astype("float64"))
    return out


def rgb_reference(x):
    out = np.empty(x.shape, "float64")
    for index in np.ndindex(x.shape[:-1]):
        out[index] = colorsys.hsv_to_rgb(*x[index].astype("float64"))
    return out


@pytest.mark.parametrize("shape", [(2, 5, 7, 3), (4, 3, 3)])
def test_rgb_to_grayscale(shape):
    x = images(shape)
    check_formats(
        image.rgb_to_grayscale, lambda v: gray_reference(v).astype("float32"), x
    )


def test_rgb_to_grayscale_of_integers_truncates():
    x = images((5, 4, 3), "int32", low=0, high=255)
    expected = np.trunc(gray_reference(x)).astype("int32")
    testing.assert_close(image.rgb_to_grayscale(x), expected)


@pytest.mark.parametrize("dtype", ["float16", "float64"])
def test_rgb_to_grayscale_keeps_float_dtypes(dtype):
    x = images((4, 4, 3), dtype)
    testing.assert_close(
        image.rgb_to_grayscale(x), gray_reference(x).astype(held(dtype)[0]), 1e-2,
        1e-2,
    )


@pytest.mark.parametrize("shape", [(2, 5, 7, 3), (4, 3, 3)])
def test_rgb_to_hsv(shape):
    x = images(shape)
    # Grey, black and pure-colour pixels: the edge cases of hue and saturation.
    x.reshape(-1, 3)[:4] = [[0.5, 0.5, 0.5], [0.0, 0.0, 0.0], [1, 0, 0], [0, 0, 1]]
    check_formats(image.rgb_to_hsv, lambda v: hsv_reference(v).astype("float32"), x)


@pytest.mark.parametrize("shape", [(2, 5, 7, 3), (4, 3, 3)])
def test_hsv_to_rgb(shape):
    x = images(shape)
    check_formats(image.hsv_to_rgb, lambda v: rgb_reference(v).astype("float32"), x)


def test_hsv_round_trip_in_float64():
    x = images((6, 5, 3), "float64", seed=3)
    dtype, tolerance = held("float64")
    testing.assert_close(
        image.hsv_to_rgb(image.rgb_to_hsv(x)), x.astype(dtype), tolerance, tolerance
    )


@pytest.mark.parametrize("name", ["rgb_to_hsv", "hsv_to_rgb"])
def test_hsv_conversions_reject_integers(name):
    with pytest.raises(ValueError, match="float"):
        getattr(image, name)(images((3, 3, 3), "int32", low=0, high=5))


@pytest.mark.parametrize("name", ["rgb_to_grayscale", "rgb_to_hsv", "hsv_to_rgb"])
def test_colour_conversions_need_three_channels(name):
    with pytest.raises(ValueError, match="3 channels"):
        getattr(image, name)(images((3, 3, 4)))
    with pytest.raises(ValueError, match="rank 3"):
        getattr(image, name)(images((3, 3)))


# Cropping and padding.


@pytest.mark.parametrize("shape", [(2, 6, 7, 3), (6, 7, 2)])
def test_crop_images(shape):
    x = images(shape)
    check_formats(
        image.crop_images, lambda v: v[..., 1:4, 2:7, :], x,
        top_cropping=1, left_cropping=2, target_height=3, target_width=5,
    )
    check_formats(
        image.crop_images, lambda v: v[..., 2:5, 1:6, :], x,
        top_cropping=2, bottom_cropping=1, left_cropping=1, right_cropping=1,
    )
    check_formats(
        image.crop_images, lambda v: v[..., 0:4, 3:5, :], x,
        bottom_cropping=2, target_height=4, right_cropping=2, target_width=2,
    )


def test_crop_images_keeps_integers():
    x = images((5, 5, 1), "int32", low=0, high=100)
    testing.assert_close(image.crop_images(x, 1, 1, 1, 1), x[1:4, 1:4])


def test_crop_images_errors():
    x = images((5, 5, 3))
    with pytest.raises(ValueError, match="exactly two"):
        image.crop_images(x, top_cropping=1, left_cropping=1, right_cropping=1)
    with pytest.raises(ValueError, match="does not fit"):
        image.crop_images(x, 3, 0, target_height=4, target_width=2)
    with pytest.raises(TypeError, match="top_cropping"):
        image.crop_images(x, 1.5, 1, 1, 1)
    with pytest.raises(ValueError, match="left_cropping"):
        image.crop_images(x, 1, -1, 1, 1)


@pytest.mark.parametrize("shape", [(2, 4, 5, 3), (4, 5, 2)])
def test_pad_images(shape):
    x = images(shape)

    def padded(top, bottom, left, right):
        def reference(v):
            widths = [(0, 0)] * (v.ndim - 3) + [(top, bottom), (left, right), (0, 0)]
            return np.pad(v, widths)

        return reference

    check_formats(
        image.pad_images, padded(1, 2, 3, 0), x,
        top_padding=1, left_padding=3, target_height=7, target_width=8,
    )
    check_formats(
        image.pad_images, padded(0, 1, 2, 2), x,
        top_padding=0, bottom_padding=1, left_padding=2, right_padding=2,
    )
    check_formats(
        image.pad_images, padded(2, 1, 1, 3), x,
        bottom_padding=1, target_height=7, right_padding=3, target_width=9,
    )


def test_pad_images_errors():
    x = images((4, 4, 3))
    with pytest.raises(ValueError, match="exactly two"):
        image.pad_images(x, 1, 1, 1, 1, target_height=6)
    with pytest.raises(ValueError, match="smaller"):
        image.pad_images(x, 2, 0, target_height=5, target_width=4)


# Resizing.


def cubic(t):
    t = abs(t)
    if t < 1:
        return 1.5 * t**3 - 2.5 * t**2 + 1
    if t < 2:
        return -0.5 * t**3 + 2.5 * t**2 - 4 * t + 2
    return 0.0


def lanczos(radius):
    def kernel(t):
        if abs(t) >= radius:
            return 0.0
        return float(np.sinc(t) * np.sinc(t / radius))

    return kernel


KERNELS = {
    "bilinear": lambda t: max(0.0, 1 - abs(t)),
    "bicubic": cubic,
    "lanczos3": lanczos(3),
    "lanczos5": lanczos(5),
}


def resample_axis(x, axis, out_size, interpolation, antialias):
    """One axis of a float64 image resampled pixel by pixel."""
    x = np.moveaxis(x, axis, 0)
    in_size = x.shape[0]
    out = np.zeros((out_size,) + x.shape[1:])
    for i in range(out_size):
        if interpolation == "nearest":
            out[i] = x[min(math.floor((i + 0.5) * in_size / out_size), in_size - 1)]
            continue
        centre = (i + 0.5) * in_size / out_size - 0.5
        width = max(in_size / out_size, 1.0) if antialias else 1.0
        weights = [KERNELS[interpolation]((centre - j) / width) for j in range(in_size)]
        out[i] = sum(w * x[j] for j, w in enumerate(weights)) / sum(weights)
    return np.moveaxis(out, 0, axis)


def resize_reference(size, interpolation="bilinear", antialias=False):
    def reference(v):
        def one(image_):
            rows = resample_axis(image_, 0, size[0], interpolation, antialias)
            return resample_axis(rows, 1, size[1], interpolation, antialias)

        return per_image(one, v).astype(v.dtype)

    return reference


@pytest.mark.parametrize("interpolation", ["nearest", "bilinear", "bicubic",
                                           "lanczos3", "lanczos5"])
@pytest.mark.parametrize("antialias", [False, True])
@pytest.mark.parametrize("size", [(3, 4), (8, 11), (5, 3)])
def test_resize(interpolation, antialias, size):
    if testing.backend_name() == "torch" and interpolation.startswith("lanczos"):
        # Keras 3 has no lanczos on torch; ours computes it like the other backends.
        pass
    x = images((2, 5, 7, 3))
    check_formats(
        image.resize, resize_reference(size, interpolation, antialias), x,
        size=size, interpolation=interpolation, antialias=antialias,
    )


def test_resize_halving_averages_blocks():
    # Half-pixel centres: each output pixel of a 2x bilinear downscale sits between
    # four input pixels, whose mean it is.
    x = images((4, 6, 2), "float64")
    expected = x.reshape(2, 2, 3, 2, 2).mean(axis=(1, 3))
    dtype, tolerance = held("float64")
    testing.assert_close(image.resize(x, (2, 3), data_format="channels_last"),
                         expected.astype(dtype), tolerance, tolerance)


def test_resize_of_one_image_and_integers():
    x = images((5, 7, 3), "int32", low=0, high=50)
    # Integers avoid the rounding ties of .5 that float error moves either way.
    x = x * 2
    expected = resize_reference((4, 3))(x.astype("float64"))
    result = image.resize(x, (4, 3), data_format="channels_last")
    assert to_numpy(result).dtype == np.int32
    np.testing.assert_allclose(to_numpy(result), expected, atol=0.5 + 1e-4)


@pytest.mark.parametrize("size", [(4, 4), (6, 2)])
def test_resize_crop_to_aspect_ratio(size):
    x = images((2, 5, 7, 3))
    height, width = 5, 7
    crop_height = max(min(height, int(width * size[0] / size[1])), 1)
    crop_width = max(min(width, int(height * size[1] / size[0])), 1)
    top, left = (height - crop_height) // 2, (width - crop_width) // 2
    box = x[:, top : top + crop_height, left : left + crop_width]
    expected = resize_reference(size)(box)
    testing.assert_close(
        image.resize(x, size, crop_to_aspect_ratio=True, data_format="channels_last"),
        expected, RTOL, ATOL,
    )


@pytest.mark.parametrize("size", [(4, 4), (6, 2)])
def test_resize_pad_to_aspect_ratio(size):
    x = images((2, 5, 7, 3))
    height, width = 5, 7
    pad_height = max(height, int(width * size[0] / size[1]))
    pad_width = max(width, int(height * size[1] / size[0]))
    top, left = (pad_height - height) // 2, (pad_width - width) // 2
    box = np.full((2, pad_height, pad_width, 3), 0.5, "float32")
    box[:, top : top + height, left : left + width] = x
    expected = resize_reference(size)(box)
    testing.assert_close(
        image.resize(x, size, pad_to_aspect_ratio=True, fill_value=0.5,
                     data_format="channels_last"),
        expected, RTOL, ATOL,
    )


def test_resize_errors():
    x = images((4, 4, 3))
    with pytest.raises(ValueError, match="interpolation"):
        image.resize(x, (2, 2), interpolation="area")
    with pytest.raises(ValueError, match="size"):
        image.resize(x, (2,))
    with pytest.raises(ValueError, match="size"):
        image.resize(x, (2, 0))
    with pytest.raises(ValueError, match="only one"):
        image.resize(x, (2, 2), crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)
    with pytest.raises(ValueError, match="data_format"):
        image.resize(x, (2, 2), data_format="channels_middle")


# Patches.


def patches_reference(size, strides, dilation=(1, 1), padding="valid"):
    def one(v):
        height, width, channels = v.shape
        span = [(size[i] - 1) * dilation[i] + 1 for i in range(2)]
        if padding == "valid":
            out = [
                (s - k) // st + 1 for s, k, st in zip((height, width), span, strides)
            ]
            before = [0, 0]
        else:
            out = [-(-s // st) for s, st in zip((height, width), strides)]
            before = [
                max((o - 1) * st + k - s, 0) // 2
                for o, st, k, s in zip(out, strides, span, (height, width))
            ]
        result = np.zeros((out[0], out[1], size[0] * size[1] * channels))
        for i in range(out[0]):
            for j in range(out[1]):
                values = []
                for a in range(size[0]):
                    for b in range(size[1]):
                        r = i * strides[0] + a * dilation[0] - before[0]
                        c = j * strides[1] + b * dilation[1] - before[1]
                        inside = 0 <= r < height and 0 <= c < width
                        values.append(v[r, c] if inside else np.zeros(channels))
                result[i, j] = np.concatenate(values)
        return result

    return lambda v: per_image(one, v).astype(v.dtype)


@pytest.mark.parametrize(
    "size, strides, dilation, padding",
    [
        ((2, 2), None, 1, "valid"),
        ((3, 2), (2, 1), 1, "same"),
        ((2, 2), 1, 2, "valid"),
        ((3, 3), (2, 3), 1, "valid"),
        ((2, 3), 1, (2, 1), "same"),
    ],
)
@pytest.mark.parametrize("shape", [(2, 5, 7, 3), (6, 6, 2)])
def test_extract_patches(size, strides, dilation, padding, shape):
    x = images(shape)
    pair = lambda v: (v, v) if isinstance(v, int) else v  # noqa: E731
    reference = patches_reference(
        size, pair(size if strides is None else strides), pair(dilation), padding
    )
    check_formats(
        image.extract_patches, reference, x,
        size=size, strides=strides, dilation_rate=dilation, padding=padding,
    )


def test_extract_patches_errors():
    x = images((5, 5, 3))
    with pytest.raises(ValueError, match="padding"):
        image.extract_patches(x, 2, padding="full")
    with pytest.raises(ValueError, match="strides"):
        image.extract_patches(x, 2, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="do not fit"):
        image.extract_patches(x, 6)
    with pytest.raises(ValueError, match="size"):
        image.extract_patches(x, (2, 0))


# Geometric resampling.


def mapped(index, size, fill_mode):
    """Integer index -> index in [0, size), or None (a constant fill)."""
    if 0 <= index < size:
        return index
    if fill_mode == "constant":
        return None
    if fill_mode == "nearest":
        return min(max(index, 0), size - 1)
    if fill_mode == "wrap":
        return index % size
    if fill_mode == "mirror":
        if size == 1:
            return 0
        index %= 2 * size - 2
        return index if index < size else 2 * size - 2 - index
    index %= 2 * size
    return index if index < size else 2 * size - 1 - index


def sample_reference(x, point, order, fill_mode, fill_value):
    """`x` (float64, any rank) read at one fractional point."""
    if order == 0:
        corners = [[(math.floor(p + 0.5), 1.0)] for p in point]
    else:
        corners = [
            [(math.floor(p), 1 - (p - math.floor(p))), (math.floor(p) + 1,
                                                        p - math.floor(p))]
            for p in point
        ]
    total = 0.0
    for combo in np.ndindex(*[len(c) for c in corners]):
        weight, index = 1.0, []
        for axis, k in enumerate(combo):
            i, w = corners[axis][k]
            weight *= w
            index.append(mapped(i, x.shape[axis], fill_mode))
        value = fill_value if None in index else x[tuple(index)]
        total += weight * value
    return total


@pytest.mark.parametrize("fill_mode", ["constant", "nearest", "wrap", "mirror",
                                       "reflect"])
@pytest.mark.parametrize("order", [0, 1])
def test_map_coordinates(fill_mode, order):
    x = images((5, 7), "float32")
    coordinates = testing.random_array((2, 3, 4), "float32", seed=1, low=-3, high=9)
    expected = np.zeros((3, 4))
    for index in np.ndindex(3, 4):
        point = coordinates[(slice(None),) + index].astype("float64")
        expected[index] = sample_reference(x.astype("float64"), point, order,
                                           fill_mode, 0.3)
    testing.assert_close(
        image.map_coordinates(x, coordinates, order, fill_mode=fill_mode,
                              fill_value=0.3),
        expected.astype("float32"), 1e-5, 1e-5,
    )


def test_map_coordinates_of_a_volume():
    x = images((3, 4, 5), "float64")
    coordinates = testing.random_array((3, 6), "float64", seed=2, low=0, high=3)
    expected = [
        sample_reference(x, coordinates[:, i], 1, "constant", 0.0) for i in range(6)
    ]
    dtype, tolerance = held("float64")
    testing.assert_close(image.map_coordinates(x, coordinates, 1),
                         np.asarray(expected, dtype), tolerance, tolerance)


def test_map_coordinates_errors():
    x = images((4, 4))
    with pytest.raises(ValueError, match="order"):
        image.map_coordinates(x, np.zeros((2, 3), "float32"), 3)
    with pytest.raises(ValueError, match="coordinates"):
        image.map_coordinates(x, np.zeros((3, 3), "float32"), 1)
    with pytest.raises(ValueError, match="fill_mode"):
        image.map_coordinates(x, np.zeros((2, 3), "float32"), 1, fill_mode="edge")


def affine_reference(transform, interpolation, fill_mode, fill_value):
    order = 0 if interpolation == "nearest" else 1

    def one(v, t):
        height, width, channels = v.shape
        out = np.zeros(v.shape)
        a0, a1, a2, b0, b1, b2 = t[:6]
        for y in range(height):
            for x_ in range(width):
                point = (b0 * x_ + b1 * y + b2, a0 * x_ + a1 * y + a2)
                for c in range(channels):
                    out[y, x_, c] = sample_reference(
                        v[..., c], point, order, fill_mode, fill_value
                    )
        return out

    def reference(v):
        t = np.asarray(transform, "float64")
        if v.ndim == 3:
            return one(v.astype("float64"), t).astype(v.dtype)
        return np.stack(
            [one(i.astype("float64"), ti) for i, ti in zip(v, t)]
        ).astype(v.dtype)

    return reference


# Coefficients that put no point near a half-integer, where "nearest" would round
# float32 and float64 coordinates apart.
TRANSFORMS = np.asarray(
    [[1.0, 0.23, 0.37, 0.11, 0.9, -0.31, 0.0, 0.0],
     [0.8, -0.13, 1.41, 0.07, 1.1, 0.19, 0, 0]],
    "float32",
)


@pytest.mark.parametrize("fill_mode", ["constant", "nearest", "wrap", "mirror",
                                       "reflect"])
@pytest.mark.parametrize("interpolation", ["nearest", "bilinear"])
def test_affine_transform(fill_mode, interpolation):
    x = images((2, 5, 7, 3))
    check_formats(
        image.affine_transform,
        affine_reference(TRANSFORMS, interpolation, fill_mode, 0.3),
        x, transform=TRANSFORMS, interpolation=interpolation, fill_mode=fill_mode,
        fill_value=0.3,
    )


def test_affine_transform_of_one_image_shifts_it():
    x = images((4, 5, 1), "float64")
    shift = np.asarray([1, 0, 1, 0, 1, 0, 0, 0], "float64")
    expected = np.concatenate([x[:, 1:], np.zeros((4, 1, 1))], axis=1)
    dtype, tolerance = held("float64")
    testing.assert_close(
        image.affine_transform(x, shift, data_format="channels_last"),
        expected.astype(dtype), tolerance, tolerance,
    )


def test_affine_transform_errors():
    x = images((2, 4, 4, 3))
    with pytest.raises(ValueError, match="transform"):
        image.affine_transform(x, np.zeros((2, 6), "float32"))
    with pytest.raises(ValueError, match="transform"):
        image.affine_transform(x, np.zeros((8,), "float32"))
    with pytest.raises(ValueError, match="interpolation"):
        image.affine_transform(x, TRANSFORMS, interpolation="bicubic")


# Symbolic specs.


@pytest.mark.parametrize("data_format", FORMATS)
def test_symbolic_specs(data_format):
    def spatial(h, w, c, batch=(None,)):
        shape = (h, w, c) if data_format == "channels_last" else (c, h, w)
        return batch + shape

    x = testing.symbolic(spatial(5, 7, 3), "float32")
    kwargs = {"data_format": data_format}
    testing.assert_spec(image.rgb_to_grayscale(x, **kwargs), spatial(5, 7, 1),
                        "float32")
    testing.assert_spec(image.rgb_to_hsv(x, **kwargs), spatial(5, 7, 3), "float32")
    testing.assert_spec(image.hsv_to_rgb(x, **kwargs), spatial(5, 7, 3), "float32")
    testing.assert_spec(image.crop_images(x, 1, 2, 1, 2, **kwargs),
                        spatial(3, 3, 3), "float32")
    testing.assert_spec(image.pad_images(x, 1, 2, 1, 2, **kwargs),
                        spatial(7, 11, 3), "float32")
    testing.assert_spec(image.resize(x, (2, 9), **kwargs), spatial(2, 9, 3),
                        "float32")
    testing.assert_spec(image.extract_patches(x, 2, **kwargs), spatial(2, 3, 12),
                        "float32")
    transform = testing.symbolic((None, 8))
    testing.assert_spec(image.affine_transform(x, transform, **kwargs),
                        spatial(5, 7, 3), "float32")
    one = testing.symbolic(spatial(5, 7, 3, batch=()), "int32")
    testing.assert_spec(image.resize(one, (3, 3), **kwargs), spatial(3, 3, 3, ()),
                        "int32")
    testing.assert_spec(image.rgb_to_grayscale(one, **kwargs),
                        spatial(5, 7, 1, ()), "int32")


def test_symbolic_map_coordinates():
    x = testing.symbolic((5, 6), "float16")
    coordinates = testing.symbolic((2, 3, 4))
    testing.assert_spec(image.map_coordinates(x, coordinates, 1), (3, 4), "float16")


def test_symbolic_errors():
    with pytest.raises(ValueError, match="float"):
        image.rgb_to_hsv(testing.symbolic((None, 4, 4, 3), "int32"))
    with pytest.raises(ValueError, match="rank 3"):
        image.resize(testing.symbolic((4, 4)), (2, 2))


def test_image_ops_stay_in_their_namespace():
    # As in Keras 3: keras.ops.image.resize, no keras.ops.resize.
    assert ops.image is image
    for name in image.__all__:
        assert not hasattr(ops, name), name


# Filters.


def gaussian_taps(size, sigma):
    t = np.arange(size) - (size - 1) / 2
    w = np.exp(-(t**2) / (2 * sigma**2))
    return w / w.sum()


def correlate_same(v, kernel):
    """2-D correlation of a float64 HWC image with a centred kernel, zero padding."""
    height, width = v.shape[:2]
    kh, kw = kernel.shape
    out = np.zeros(v.shape)
    for i in range(height):
        for j in range(width):
            for a in range(kh):
                for b in range(kw):
                    r, c = i + a - (kh - 1) // 2, j + b - (kw - 1) // 2
                    if 0 <= r < height and 0 <= c < width:
                        out[i, j] += kernel[a, b] * v[r, c]
    return out


@pytest.mark.parametrize("kernel_size, sigma", [((3, 3), (1.0, 1.0)),
                                                ((5, 3), (2.0, 0.7))])
@pytest.mark.parametrize("shape", [(2, 6, 7, 3), (5, 4, 2)])
def test_gaussian_blur(kernel_size, sigma, shape):
    kernel = np.outer(gaussian_taps(kernel_size[0], sigma[0]),
                      gaussian_taps(kernel_size[1], sigma[1]))
    x = images(shape)
    check_formats(
        image.gaussian_blur,
        lambda v: per_image(lambda i: correlate_same(i, kernel), v).astype(v.dtype),
        x, kernel_size=kernel_size, sigma=sigma,
    )


def test_gaussian_blur_errors():
    with pytest.raises(ValueError, match="kernel_size"):
        image.gaussian_blur(images((4, 4, 3)), kernel_size=(3, 0))
    with pytest.raises(ValueError, match="sigma"):
        image.gaussian_blur(images((4, 4, 3)), sigma=(1.0, -1.0))


@pytest.mark.parametrize("shape", [(2, 6, 7, 3), (5, 4, 2)])
def test_sobel_edges(shape):
    vertical = np.asarray([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], "float64")

    def one(v):
        return np.stack(
            [correlate_same(v, vertical), correlate_same(v, vertical.T)], axis=-1
        )

    x = images(shape)
    expected = per_image(one, x).astype("float32")
    testing.assert_close(image.sobel_edges(x, data_format="channels_last"),
                         expected, RTOL, ATOL)
    testing.assert_close(image.sobel_edges(first(x), data_format="channels_first"),
                         np.moveaxis(expected, -2, -4), RTOL, ATOL)


def ssim_reference(x, y, max_val, size, sigma, k1=0.01, k2=0.03):
    taps = np.outer(gaussian_taps(size, sigma), gaussian_taps(size, sigma))
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2

    def one(a, b):
        height, width, channels = a.shape
        values = []
        for i in range(height - size + 1):
            for j in range(width - size + 1):
                for c in range(channels):
                    wa = a[i : i + size, j : j + size, c]
                    wb = b[i : i + size, j : j + size, c]
                    ma, mb = np.sum(taps * wa), np.sum(taps * wb)
                    va = np.sum(taps * wa * wa) - ma * ma
                    vb = np.sum(taps * wb * wb) - mb * mb
                    cov = np.sum(taps * wa * wb) - ma * mb
                    values.append(((2 * ma * mb + c1) * (2 * cov + c2))
                                  / ((ma * ma + mb * mb + c1) * (va + vb + c2)))
        return np.mean(values)

    x, y = np.asarray(x, "float64"), np.asarray(y, "float64")
    if x.ndim == 3:
        return one(x, y)
    return np.asarray([one(a, b) for a, b in zip(x, y)])


@pytest.mark.parametrize("max_val, size, sigma", [(1.0, 3, 1.5), (2.0, 5, 1.0)])
@pytest.mark.parametrize("shape", [(2, 6, 7, 3), (7, 6, 2)])
def test_ssim(max_val, size, sigma, shape):
    x, y = images(shape, seed=1), images(shape, seed=2)
    expected = np.asarray(ssim_reference(x, y, max_val, size, sigma), "float32")
    kwargs = dict(max_val=max_val, filter_size=size, filter_sigma=sigma)
    testing.assert_close(image.ssim(x, y, data_format="channels_last", **kwargs),
                         expected, 1e-4, 1e-5)
    testing.assert_close(
        image.ssim(first(x), first(y), data_format="channels_first", **kwargs),
        expected, 1e-4, 1e-5,
    )


def test_ssim_of_an_image_with_itself_is_one_and_of_integers_is_float():
    x = images((2, 8, 8, 3), "int32", low=0, high=255)
    testing.assert_close(image.ssim(x, x, max_val=255.0, filter_size=3),
                         np.ones(2, "float32"), 1e-5, 1e-5)


def test_ssim_errors():
    with pytest.raises(ValueError, match="one shape"):
        image.ssim(images((2, 8, 8, 3)), images((2, 8, 7, 3)))
    with pytest.raises(ValueError, match="filter_size"):
        image.ssim(images((5, 5, 1)), images((5, 5, 1)), filter_size=7)


# Perspective transforms.


def homography(start, end):
    """The 8 coefficients mapping the end points to the start points (float64)."""
    matrix, target = [], []
    for (xs, ys), (xe, ye) in zip(start, end):
        matrix.append([xe, ye, 1, 0, 0, 0, -xe * xs, -ye * xs])
        target.append(xs)
        matrix.append([0, 0, 0, xe, ye, 1, -xe * ys, -ye * ys])
        target.append(ys)
    return np.linalg.solve(np.asarray(matrix, "float64"), np.asarray(target))


def perspective_reference(start, end, interpolation, fill_value):
    order = 0 if interpolation == "nearest" else 1

    def one(v, s, e):
        a0, a1, a2, b0, b1, b2, c0, c1 = homography(s, e)
        out = np.zeros(v.shape)
        for y in range(v.shape[0]):
            for x_ in range(v.shape[1]):
                k = c0 * x_ + c1 * y + 1
                point = ((b0 * x_ + b1 * y + b2) / k, (a0 * x_ + a1 * y + a2) / k)
                for c in range(v.shape[2]):
                    out[y, x_, c] = sample_reference(v[..., c], point, order,
                                                     "constant", fill_value)
        return out

    def reference(v):
        if v.ndim == 3:
            return one(v.astype("float64"), start, end).astype(v.dtype)
        return np.stack([one(i.astype("float64"), s, e)
                         for i, s, e in zip(v, start, end)]).astype(v.dtype)

    return reference


START = np.asarray([[0, 0], [6, 0], [0, 5], [6, 5]], "float32")
END = np.asarray([[0.53, 0.31], [6.22, 0.13], [0.27, 4.61], [5.71, 5.33]], "float32")


@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_perspective_transform(interpolation):
    x = images((2, 6, 7, 3))
    start = np.stack([START, START])
    end = np.stack([END, END[::-1]])
    check_formats(
        image.perspective_transform,
        perspective_reference(start, end, interpolation, 0.5), x,
        start_points=start, end_points=end, interpolation=interpolation,
        fill_value=0.5, rtol=1e-4, atol=1e-4,
    )


def test_perspective_transform_of_one_image_and_the_identity():
    x = images((6, 7, 2))
    testing.assert_close(
        image.perspective_transform(x, START, START, data_format="channels_last"),
        x, 1e-4, 1e-4,
    )
    check_formats(
        image.perspective_transform, perspective_reference(START, END, "bilinear", 0),
        x, start_points=START, end_points=END, rtol=1e-4, atol=1e-4,
    )


def test_perspective_transform_of_a_batch_with_one_set_of_points():
    x = images((2, 6, 7, 3))
    expected = perspective_reference(np.stack([START] * 2), np.stack([END] * 2),
                                     "bilinear", 0)(x)
    testing.assert_close(
        image.perspective_transform(x, START, END, data_format="channels_last"),
        expected, 1e-4, 1e-4,
    )


def test_perspective_transform_errors():
    with pytest.raises(ValueError, match="start_points"):
        image.perspective_transform(images((4, 4, 3)), START[:3], END)
    with pytest.raises(ValueError, match="interpolation"):
        image.perspective_transform(images((4, 4, 3)), START, END,
                                    interpolation="bicubic")
    with pytest.raises(ValueError, match="one image"):
        image.perspective_transform(images((4, 4, 3)), START[None], END[None])


# Patches of volumes.


def patches_3d_reference(size, strides, dilation=(1, 1, 1), padding="valid"):
    def one(v):
        spatial, channels = v.shape[:3], v.shape[3]
        span = [(size[i] - 1) * dilation[i] + 1 for i in range(3)]
        if padding == "valid":
            out = [(n - k) // s + 1 for n, k, s in zip(spatial, span, strides)]
            before = [0, 0, 0]
        else:
            out = [-(-n // s) for n, s in zip(spatial, strides)]
            before = [max((o - 1) * s + k - n, 0) // 2
                      for o, s, k, n in zip(out, strides, span, spatial)]
        result = np.zeros(tuple(out) + (int(np.prod(size)) * channels,))
        for o in np.ndindex(*out):
            values = []
            for k in np.ndindex(*size):
                p = [o[i] * strides[i] + k[i] * dilation[i] - before[i]
                     for i in range(3)]
                inside = all(0 <= p[i] < spatial[i] for i in range(3))
                values.append(v[tuple(p)] if inside else np.zeros(channels))
            result[o] = np.concatenate(values)
        return result

    def reference(v):
        v = np.asarray(v, "float64")
        out = one(v) if v.ndim == 4 else np.stack([one(i) for i in v])
        return out

    return reference


@pytest.mark.parametrize(
    "size, strides, dilation, padding",
    [
        ((2, 2, 2), None, 1, "valid"),
        ((2, 3, 2), (1, 2, 3), 1, "same"),
        ((2, 2, 2), 1, 2, "valid"),
    ],
)
@pytest.mark.parametrize("shape", [(2, 5, 6, 7, 2), (4, 5, 6, 1)])
def test_extract_patches_3d(size, strides, dilation, padding, shape):
    x = images(shape)
    triple = lambda v: (v,) * 3 if isinstance(v, int) else v  # noqa: E731
    expected = patches_3d_reference(
        size, triple(size if strides is None else strides), triple(dilation), padding
    )(x).astype("float32")
    kwargs = dict(size=size, strides=strides, dilation_rate=dilation, padding=padding)
    testing.assert_close(
        image.extract_patches_3d(x, data_format="channels_last", **kwargs), expected
    )
    testing.assert_close(
        image.extract_patches_3d(np.moveaxis(x, -1, -4), data_format="channels_first",
                                 **kwargs),
        np.moveaxis(expected, -1, -4),
    )


def test_extract_patches_3d_errors():
    with pytest.raises(ValueError, match="rank 4"):
        image.extract_patches_3d(images((4, 4, 3)), 2)
    with pytest.raises(ValueError, match="size"):
        image.extract_patches_3d(images((4, 4, 4, 1)), (2, 2))


# Scaling with translation.


SCALE_KERNELS = {"linear": KERNELS["bilinear"], "cubic": cubic,
                 "lanczos3": lanczos(3), "lanczos5": lanczos(5)}


def scale_translate_axis(x, axis, out_size, scale, translation, method, antialias):
    x = np.moveaxis(np.asarray(x, "float64"), axis, 0)
    in_size = x.shape[0]
    out = np.zeros((out_size,) + x.shape[1:])
    width = max(1 / scale, 1.0) if antialias else 1.0
    for i in range(out_size):
        centre = (i + 0.5 - translation) / scale - 0.5
        if not -0.5 <= centre <= in_size - 0.5:
            continue
        weights = [SCALE_KERNELS[method]((centre - j) / width) for j in range(in_size)]
        total = sum(weights)
        if abs(total) > 1000 * np.finfo("float32").eps:
            out[i] = sum(w * x[j] for j, w in enumerate(weights)) / total
    return np.moveaxis(out, 0, axis)


@pytest.mark.parametrize(
    "output_shape, scale, translation, method, antialias",
    [
        ((2, 4, 5, 3), (0.7, 0.8), (0.3, -0.5), "linear", True),
        ((2, 9, 11, 3), (1.5, 1.6), (0.0, 1.0), "cubic", False),
        ((2, 3, 3, 3), (0.5, 0.4), (0.0, 0.0), "lanczos3", True),
        ((2, 4, 4, 3), (0.6, 0.5), (0.2, 0.1), "lanczos5", False),
    ],
)
def test_scale_and_translate(output_shape, scale, translation, method, antialias):
    x = images((2, 6, 7, 3))
    expected = x
    for i, axis in enumerate((1, 2)):
        expected = scale_translate_axis(expected, axis, output_shape[axis], scale[i],
                                        translation[i], method, antialias)
    result = image.scale_and_translate(
        x, output_shape, np.asarray(scale, "float32"),
        np.asarray(translation, "float32"), (1, 2), method, antialias=antialias,
    )
    testing.assert_close(result, expected.astype("float32"), 1e-4, 1e-5)


def test_scale_and_translate_matches_resize():
    x = images((6, 7, 2))
    result = image.scale_and_translate(
        x, (3, 4, 2), np.asarray([0.5, 4 / 7], "float32"),
        np.zeros(2, "float32"), (0, 1), "bilinear",
    )
    testing.assert_close(
        result,
        to_numpy(image.resize(x, (3, 4), antialias=True,
                              data_format="channels_last")),
        1e-5, 1e-6,
    )


def test_scale_and_translate_errors():
    x = images((4, 4, 3))
    scale = np.ones(2, "float32")
    with pytest.raises(ValueError, match="method"):
        image.scale_and_translate(x, (4, 4, 3), scale, scale, (0, 1), "area")
    with pytest.raises(ValueError, match="spatial_dims"):
        image.scale_and_translate(x, (4, 4, 2), scale, scale, (0, 1), "linear")
    with pytest.raises(ValueError, match="scale"):
        image.scale_and_translate(x, (4, 4, 3), np.ones(3, "float32"), scale, (0, 1),
                                  "linear")


@pytest.mark.parametrize("data_format", FORMATS)
def test_symbolic_specs_of_filters_and_transforms(data_format):
    def spatial(h, w, c, batch=(None,)):
        shape = (h, w, c) if data_format == "channels_last" else (c, h, w)
        return batch + shape

    x = testing.symbolic(spatial(6, 7, 3), "float16")
    kwargs = {"data_format": data_format}
    testing.assert_spec(image.gaussian_blur(x, **kwargs), spatial(6, 7, 3), "float16")
    testing.assert_spec(image.sobel_edges(x, **kwargs), spatial(6, 7, 3) + (2,),
                        "float16")
    testing.assert_spec(image.ssim(x, x, filter_size=3, **kwargs), (None,), "float16")
    one = testing.symbolic(spatial(6, 7, 3, ()), "int32")
    testing.assert_spec(image.ssim(one, one, filter_size=3, **kwargs), (), "float32")
    points = testing.symbolic((None, 4, 2))
    testing.assert_spec(image.perspective_transform(x, points, points, **kwargs),
                        spatial(6, 7, 3), "float16")
    volumes = testing.symbolic((None, 4, 5, 6, 2) if data_format == "channels_last"
                               else (None, 2, 4, 5, 6))
    expected = ((None, 2, 2, 3, 16) if data_format == "channels_last"
                else (None, 16, 2, 2, 3))
    testing.assert_spec(image.extract_patches_3d(volumes, 2, **kwargs), expected,
                        "float32")


def test_symbolic_scale_and_translate():
    x = testing.symbolic((2, 6, 7, 3))
    scale = testing.symbolic((2,))
    testing.assert_spec(
        image.scale_and_translate(x, (2, 3, 4, 3), scale, scale, (1, 2), "cubic"),
        (2, 3, 4, 3), "float32",
    )


# Elastic deformation (random: checked through its properties).


@pytest.mark.parametrize("data_format", FORMATS)
def test_elastic_transform_without_displacement_is_the_identity(data_format):
    x = images((2, 6, 7, 3))
    if data_format == "channels_first":
        x = first(x)
    testing.assert_close(
        image.elastic_transform(x, alpha=0.0, seed=1, data_format=data_format), x,
        1e-6, 1e-6,
    )


def test_elastic_transform_is_reproducible_for_a_seed():
    x = images((2, 8, 9, 3))
    a = to_numpy(image.elastic_transform(x, alpha=3.0, sigma=1.0, seed=4,
                                         data_format="channels_last"))
    b = to_numpy(image.elastic_transform(x, alpha=3.0, sigma=1.0, seed=4,
                                         data_format="channels_last"))
    c = to_numpy(image.elastic_transform(x, alpha=3.0, sigma=1.0, seed=5,
                                         data_format="channels_last"))
    np.testing.assert_array_equal(a, b)
    assert a.shape == x.shape and a.dtype == np.float32
    assert not np.allclose(a, c)
    assert not np.allclose(a, x)
    # Bilinear reads with "reflect" stay within the range of each image's channel.
    assert np.all(a >= x.min(axis=(1, 2), keepdims=True) - 1e-6)
    assert np.all(a <= x.max(axis=(1, 2), keepdims=True) + 1e-6)


def test_elastic_transform_nearest_reads_pixels_of_the_image():
    x = images((7, 8, 1), "int32", low=0, high=1000)
    out = to_numpy(image.elastic_transform(x, alpha=4.0, sigma=1.5, seed=2,
                                           interpolation="nearest",
                                           data_format="channels_last"))
    assert out.dtype == np.int32
    assert set(out.ravel()) <= set(x.ravel())


def test_elastic_transform_errors():
    with pytest.raises(ValueError, match="sigma"):
        image.elastic_transform(images((4, 4, 3)), sigma=0.0)
    with pytest.raises(ValueError, match="fill_mode"):
        image.elastic_transform(images((4, 4, 3)), fill_mode="edge")
    with pytest.raises(TypeError, match="seed"):
        image.elastic_transform(images((4, 4, 3)), seed="one")
    testing.assert_spec(
        image.elastic_transform(testing.symbolic((None, 5, 6, 3), "float16")),
        (None, 5, 6, 3), "float16",
    )
