"""Public namespace `keras.utils.bounding_boxes`: box formats, clipping, moving boxes
with an image (affine maps, crops, pads), IoU/CIoU and anchor delta encoding.

Lazy: each function's module loads on first use. The functions use `keras.ops`, so they
live with the preprocessing layers (above ops in the layering); `keras.utils` reaches
them by name.
"""

import sys

from keras.utils.lazy_namespace import lazy_namespace

_EXPORTS = {
    "convert_format": ".converters",
    "clip_to_image_size": ".converters",
    "affine_transform": ".converters",
    "crop": ".converters",
    "pad": ".converters",
    "compute_iou": ".iou",
    "compute_ciou": ".iou",
    "encode_box_to_deltas": ".converters",
    "decode_deltas_to_boxes": ".converters",
}

__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)

# This module itself, for `keras.utils`, whose lazy table names an attribute to read.
_NAMESPACE = sys.modules[__name__]
del sys
