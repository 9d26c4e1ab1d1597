"""tensorflow backend: the image ops (keras/backends/common/image_utils.py has them,
and keras/ops/image.py their contract), bound to tf.experimental.numpy and the tf calls
that stay valid in graphs of unknown sizes."""

import tensorflow as tf
import tensorflow.experimental.numpy as tnp

from keras.backends.common import image_utils
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
