"""Public namespace `keras.preprocessing`: the dataset builders of keras.utils, and
the `image` and `sequence` helpers, under their Keras 2 era names.

Lazy: each name loads its keras.utils module on first use.
"""

from keras.utils.lazy_namespace import lazy_namespace

_EXPORTS = {
    "image_dataset_from_directory": "keras.utils.image_dataset_utils",
    "text_dataset_from_directory": "keras.utils.text_dataset_utils",
    "timeseries_dataset_from_array": "keras.utils.timeseries_dataset_utils",
}

__getattr__, __dir__ = lazy_namespace(
    __name__, _EXPORTS, submodules=("image", "sequence")
)
