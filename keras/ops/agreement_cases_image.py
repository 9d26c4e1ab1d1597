"""Agreement cases (keras/ops/agreement.py) for the keras.ops.image ops."""

from keras.ops.agreement import Case
from keras.ops.agreement import T

_CF = "channels_first"
_CL = "channels_last"
# An affine transform (c0 = c1 = 0) per image of a batch of 2.
_TRANSFORMS = [[1.0, 0.2, 0.5, 0.1, 0.9, -0.3, 0.0, 0.0]] * 2
_START = [[0.0, 0.0], [6.0, 0.0], [0.0, 4.0], [6.0, 4.0]]
_END = [[0.5, 0.3], [6.2, 0.1], [0.2, 4.6], [5.7, 4.3]]

CASES = {
    "rgb_to_grayscale": [
        Case(T((2, 4, 5, 3), low=0, high=1), data_format=_CL),
        Case(T((3, 4, 5), "int32", low=0, high=255), data_format=_CF),
        Case(T((4, 5, 3), "float16", low=0, high=1), data_format=_CL),
    ],
    "rgb_to_hsv": [
        Case(T((2, 4, 5, 3), low=0, high=1), data_format=_CL),
        Case(T((3, 4, 5), "float64", low=0, high=1), data_format=_CF),
    ],
    "hsv_to_rgb": [
        Case(T((2, 4, 5, 3), low=0, high=1), data_format=_CL),
        Case(T((2, 3, 4, 5), "bfloat16", low=0, high=1), data_format=_CF),
    ],
    "crop_images": [
        Case(T((2, 6, 7, 3)), 1, 2, target_height=3, target_width=4, data_format=_CL),
        Case(T((3, 6, 7), "int32"), 1, 1, 2, 2, data_format=_CF),
    ],
    "pad_images": [
        Case(T((2, 4, 5, 3)), 1, 2, target_height=7, target_width=9, data_format=_CL),
        Case(T((3, 4, 5), "uint8", low=0, high=9), 0, 1, 2, 3, data_format=_CF),
    ],
    "resize": [
        Case(T((2, 5, 7, 3)), (3, 4), data_format=_CL),
        Case(T((3, 5, 7), "int32", low=0, high=99), (8, 9), interpolation="nearest",
             data_format=_CF),
        Case(T((2, 5, 7, 3), "float16"), (4, 4), interpolation="bicubic",
             antialias=True, crop_to_aspect_ratio=True, data_format=_CL),
        Case(T((2, 3, 5, 7)), (6, 2), interpolation="lanczos3",
             pad_to_aspect_ratio=True, data_format=_CF),
    ],
    "extract_patches": [
        Case(T((2, 6, 6, 3)), 2, data_format=_CL),
        Case(T((3, 5, 7), "int32"), (3, 2), strides=(2, 1), padding="same",
             data_format=_CF),
        Case(T((5, 7, 2)), 2, strides=1, dilation_rate=2, data_format=_CL),
    ],
    "map_coordinates": [
        Case(T((5, 7)), T((2, 3, 4), low=-1, high=7), 1),
        Case(T((3, 4, 5), "float64"), T((3, 6), low=0, high=4), 0, fill_mode="wrap"),
    ],
    "affine_transform": [
        Case(T((2, 5, 7, 3)), T((2, 8), values=_TRANSFORMS), data_format=_CL),
        Case(T((3, 5, 7), "int32", low=0, high=50), T((8,), values=_TRANSFORMS[0]),
             interpolation="nearest", fill_mode="reflect", data_format=_CF),
    ],
    "gaussian_blur": [
        Case(T((2, 6, 7, 3)), data_format=_CL),
        Case(T((3, 6, 7), "float16"), kernel_size=(5, 3), sigma=(2.0, 0.7),
             data_format=_CF),
    ],
    "sobel_edges": [
        Case(T((2, 6, 7, 3)), data_format=_CL),
        Case(T((3, 6, 7), "float64"), data_format=_CF),
    ],
    "ssim": [
        Case(T((2, 8, 8, 3), low=0, high=1), T((2, 8, 8, 3), low=0, high=1),
             filter_size=3, data_format=_CL),
        Case(T((3, 7, 9), "int32", low=0, high=255), T((3, 7, 9), "int32", low=0,
             high=255), max_val=255.0, filter_size=5, data_format=_CF),
    ],
    "perspective_transform": [
        Case(T((2, 5, 7, 3)), T((2, 4, 2), values=[_START] * 2),
             T((2, 4, 2), values=[_END] * 2), data_format=_CL),
        Case(T((3, 5, 7), "int32", low=0, high=50), T((4, 2), values=_START),
             T((4, 2), values=_END), interpolation="nearest", data_format=_CF),
    ],
    "extract_patches_3d": [
        Case(T((2, 4, 5, 6, 2)), 2, data_format=_CL),
        Case(T((2, 4, 5, 6), "int32"), (2, 3, 2), strides=(1, 2, 3), padding="same",
             data_format=_CF),
    ],
    "scale_and_translate": [
        Case(T((2, 6, 7, 3)), (2, 4, 5, 3), T((2,), low=0.5, high=1.0),
             T((2,), low=-1, high=1), (1, 2), "linear"),
        Case(T((6, 7), "float16"), (9, 11), T((2,), low=1.2, high=1.6),
             T((2,), low=0, high=1), (0, 1), "lanczos3", antialias=False),
    ],
    "elastic_transform": [
        Case(T((2, 6, 7, 3)), seed=1, data_format=_CL),
        Case(T((3, 6, 7), "int32", low=0, high=50), alpha=5.0, sigma=1.0,
             interpolation="nearest", fill_mode="constant", seed=2, data_format=_CF),
    ],
}
