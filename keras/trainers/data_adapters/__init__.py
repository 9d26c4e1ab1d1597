"""Data adapters: one interface over every kind of data fit/evaluate/predict accept.

`get_data_adapter(x, y, ...)` picks the adapter; each yields per epoch tuples
`(x, y, sample_weight)` of NumPy arrays (see `data_adapter.DataAdapter`).

Lazy: a name's module is imported on first use, so the fine-grained Bazel targets stay
separate and TensorFlow or PyTorch load only when their data types are given.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> the module defining it.
_EXPORTS = {
    "get_data_adapter": ".selection",
    "DataAdapter": ".data_adapter",
    "ArrayDataAdapter": ".array_data_adapter",
    "GeneratorDataAdapter": ".generator_data_adapter",
    "PyDatasetAdapter": ".py_dataset_adapter",
    "TFDatasetAdapter": ".tf_dataset_adapter",
    "TorchDataLoaderAdapter": ".torch_data_loader_adapter",
    "train_validation_split": ".array_utils",
    "class_weight_to_sample_weight": ".class_weight",
    "pack_x_y_sample_weight": "keras.utils.data_utils",
    "unpack_x_y_sample_weight": "keras.utils.data_utils",
}


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
