"""Public namespace `keras.preprocessing.image`: image files, arrays and resizing."""

from keras.utils.lazy_namespace import lazy_namespace

_EXPORTS = {
    name: "keras.utils.image_utils"
    for name in ("array_to_img", "img_to_array", "load_img", "save_img", "smart_resize")
}

__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
