"""Public namespace `keras.utils`.

Lazy: a helper's module is imported on first use of its name.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> the module defining it.
_EXPORTS = {
    "Progbar": ".progbar",
    "PyDataset": ".py_dataset",
    "Sequence": ".py_dataset",
    "pack_x_y_sample_weight": ".data_utils",
    "set_random_seed": ".rng_utils",
    "unpack_x_y_sample_weight": ".data_utils",
}


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
