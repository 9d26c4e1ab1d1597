"""Public namespace `keras.utils.bounding_boxes`, importable by its dotted name
(`import keras.utils.bounding_boxes`, `from keras.utils.bounding_boxes import
compute_iou`).

The functions use `keras.ops`, so they live with the image preprocessing layers (above
ops in the layering); this module names them, and each loads on first use.
"""

from keras.utils.lazy_namespace import lazy_namespace

_IMPLEMENTATION = "keras.layers.preprocessing.image_preprocessing.bounding_boxes"

_EXPORTS = {
    "affine_transform": f"{_IMPLEMENTATION}.converters",
    "clip_to_image_size": f"{_IMPLEMENTATION}.converters",
    "compute_ciou": f"{_IMPLEMENTATION}.iou",
    "compute_iou": f"{_IMPLEMENTATION}.iou",
    "convert_format": f"{_IMPLEMENTATION}.converters",
    "crop": f"{_IMPLEMENTATION}.converters",
    "decode_deltas_to_boxes": f"{_IMPLEMENTATION}.converters",
    "encode_box_to_deltas": f"{_IMPLEMENTATION}.converters",
    "pad": f"{_IMPLEMENTATION}.converters",
}

__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
