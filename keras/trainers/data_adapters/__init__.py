"""Data adapters: one interface over every kind of data fit/evaluate/predict accept.

`get_data_adapter(x, y, ...)` picks the adapter; each yields per epoch tuples
`(x, y, sample_weight)` of NumPy arrays (see `data_adapter.DataAdapter`).

Lazy: a name's module is imported on first use, so the fine-grained Bazel targets stay
separate and TensorFlow or PyTorch load only when their data types are given.
"""

import importlib

_P = "keras.trainers.data_adapters."

# name -> module that defines it.
_NAMES = {
    "get_data_adapter": _P + "selection",
    "DataAdapter": _P + "data_adapter",
    "ArrayDataAdapter": _P + "array_data_adapter",
    "GeneratorDataAdapter": _P + "generator_data_adapter",
    "PyDatasetAdapter": _P + "py_dataset_adapter",
    "TFDatasetAdapter": _P + "tf_dataset_adapter",
    "TorchDataLoaderAdapter": _P + "torch_data_loader_adapter",
    "train_validation_split": _P + "array_utils",
    "class_weight_to_sample_weight": _P + "class_weight",
    "pack_x_y_sample_weight": "keras.utils.data_utils",
    "unpack_x_y_sample_weight": "keras.utils.data_utils",
}


def __getattr__(name):
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(
            f"module 'keras.trainers.data_adapters' has no attribute {name!r}"
        )
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_NAMES))
