"""tensorflow backend: the image ops (keras/backends/common/image_utils.py has them,
and keras/ops/image.py their contract), bound to tf.experimental.numpy and the tf calls
that stay valid in graphs of unknown sizes; affine_transform runs on TensorFlow's own
warp kernel where it computes what the composition does."""

import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

from keras.backends.common import dtypes
from keras.backends.common import image_utils
from keras.backends.common import registry
from keras.backends.tensorflow import core


def _arange(n, dtype, like):
    return tf.range(n, dtype=tf.as_dtype(dtype))


def _dim(x, axis):
    # A batch of unknown size (in a tf.function or tf.data graph) has a dynamic size.
    size = x.shape[axis]
    return tf.shape(x)[axis] if size is None else size


def _gather(x, indices):
    # gather_nd takes one stacked index tensor: broadcast the indices to one shape.
    shape = tf.shape(indices[0])
    for index in indices[1:]:
        shape = tf.broadcast_dynamic_shape(shape, tf.shape(index))
    points = tf.stack([tf.broadcast_to(index, shape) for index in indices], axis=-1)
    return tf.gather_nd(x, points)


def _pad(x, widths, fill):
    return tf.pad(x, widths, constant_values=tf.cast(fill, x.dtype))


def _flatten_from(x, axis):
    return tf.reshape(x, tf.concat([tf.shape(x)[:axis], [-1]], 0))


_ENGINE = image_utils.numpy_like_engine(
    tnp,
    tensor=core._tensor,
    cast=core.cast,
    index_dtype="int32",
    arange=_arange,
    clip=tf.clip_by_value,
    constant=lambda values, like: tf.constant(values, like.dtype),
    dim=_dim,
    einsum=tnp.einsum,
    flatten_from=_flatten_from,
    gather=_gather,
    mean=tf.reduce_mean,
    pad=_pad,
    round=tf.round,
    solve=tf.linalg.solve,
)

_OPS = image_utils.make_image_ops(_ENGINE)

# Consults the registry first: TensorFlow's own warp kernel (below) takes the inputs it
# computes exactly as the composition does.
affine_transform = registry.for_backend("tensorflow").consulted_by(
    "image.affine_transform"
)(_OPS.affine_transform)
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


# Fast path (keras.backends.common.registry): affine and projective warps as
# TensorFlow's one ImageProjectiveTransformV3 kernel instead of the composition's four
# gathers and their index arithmetic (RandomRotation traced for tf.data: 158 graph
# nodes instead of 378, 1.8x the images per second; bench/image_affine.py).
#
# The kernel maps each fractional source coordinate into the image before it
# interpolates; for "constant", "nearest" and "reflect" that reads the same pixels with
# the same weights as the composition, which maps the integer corners. Its "WRAP"
# divides by `size - 1` and reads other pixels in the last row and column of each
# period, and it has no "mirror": those, and float64 images (it interpolates in
# float32), take the composition. Points at exactly -0.5 round away from zero there
# (outside, filled) where the composition rounds them up (inside): a difference only
# "nearest" interpolation with "constant" fill can show, as between Keras 3's backends.
_KERNEL_FILL_MODES = {
    "constant": "CONSTANT",
    "nearest": "NEAREST",
    "reflect": "REFLECT",
}


def _projective_kernel(
    images,
    transform,
    interpolation,
    fill_mode,
    fill_value,
    data_format,
    projective=False,
):
    """`affine_transform` (and `perspective_transform`, `projective=True`) as
    ImageProjectiveTransformV3, or NotImplemented for what the kernel does not compute
    as the composition does."""
    if fill_mode not in _KERNEL_FILL_MODES or interpolation not in (
        "nearest",
        "bilinear",
    ):
        return NotImplemented
    if not isinstance(fill_value, (int, float, np.number)):
        return NotImplemented
    images = core._tensor(images)
    dtype = dtypes.standardize_dtype(images.dtype)
    if dtype in ("bool", "float64"):
        return NotImplemented
    # As the composition: computed in float32, integers rounded back to their range.
    x = tf.cast(images, tf.float32)
    single = x.shape.rank == 3
    if single:
        x = x[None]
    if data_format == "channels_first":
        x = tf.transpose(x, (0, 2, 3, 1))
    transform = tf.cast(core._tensor(transform), tf.float32)
    if transform.shape.rank == 1:
        # One transform for every image (a single image, or perspective_transform's
        # points shared by a batch): the kernel broadcasts a (1, 8) one.
        transform = transform[None]
    out = _warp(x, transform, interpolation, fill_mode, float(fill_value), projective)
    if data_format == "channels_first":
        out = tf.transpose(out, (0, 3, 1, 2))
    if single:
        out = out[0]
    if dtype.startswith(("float", "bfloat")):
        return tf.cast(out, images.dtype)
    info = np.iinfo(dtype)
    out = tf.clip_by_value(tf.round(out), float(info.min), float(info.max))
    return tf.cast(out, images.dtype)


def _warp(images, transform, interpolation, fill_mode, fill_value, projective):
    """`images` (N, H, W, C) float32 warped by `transform` (N or 1, 8) on the kernel.

    The gradient is the composition's: TensorFlow registers one for the kernel that
    warps the incoming gradient back by the inverse transform, which is not the
    transpose of bilinear sampling and gives nothing for the transform.
    """

    @tf.custom_gradient
    def warp(images, transform):
        coefficients = transform
        if not projective:
            # affine_transform does not read c0 and c1 (see keras.ops.image).
            coefficients = tf.concat(
                [transform[:, :6], tf.zeros_like(transform[:, 6:])], axis=1
            )
        out = tf.raw_ops.ImageProjectiveTransformV3(
            images=images,
            transforms=coefficients,
            output_shape=tf.stack([_dim(images, 1), _dim(images, 2)]),
            fill_value=fill_value,
            interpolation=interpolation.upper(),
            fill_mode=_KERNEL_FILL_MODES[fill_mode],
        )

        def gradient(upstream):
            with tf.GradientTape() as tape:
                tape.watch([images, transform])
                reference = _OPS.affine_transform(
                    images,
                    transform,
                    interpolation,
                    fill_mode,
                    fill_value,
                    "channels_last",
                    projective=projective,
                )
            return tape.gradient(
                reference, [images, transform], output_gradients=upstream
            )

        return out, gradient

    return warp(images, transform)


registry.for_backend("tensorflow").register(
    __name__,
    "affine_transform",
    _projective_kernel,
    devices=("cpu", "gpu"),
    note="ImageProjectiveTransformV3 (fill modes constant, nearest, reflect)",
)
