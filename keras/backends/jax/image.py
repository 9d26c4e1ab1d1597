"""jax backend: the image ops (keras/backends/common/image_utils.py has them, and
keras/ops/image.py their contract), bound to jax.numpy."""

import jax.numpy as jnp

from keras.backends.common import image_utils
from keras.backends.jax import core

_ENGINE = image_utils.numpy_like_engine(
    jnp, tensor=core._tensor, cast=core.cast, index_dtype="int32"
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
