"""get_data_adapter: the adapter for the type of data given to fit/evaluate/predict."""

import types

from keras.trainers.data_adapters import array_utils
from keras.trainers.data_adapters.array_data_adapter import ArrayDataAdapter
from keras.trainers.data_adapters.generator_data_adapter import GeneratorDataAdapter
from keras.trainers.data_adapters.py_dataset_adapter import PyDatasetAdapter
from keras.trainers.data_adapters.tf_dataset_adapter import TFDatasetAdapter
from keras.trainers.data_adapters.tf_dataset_adapter import is_tf_dataset
from keras.trainers.data_adapters.torch_data_loader_adapter import (
    TorchDataLoaderAdapter,
)
from keras.trainers.data_adapters.torch_data_loader_adapter import is_torch_data_loader
from keras.utils.py_dataset import PyDataset

_ACCEPTED = (
    "NumPy arrays, backend tensors (JAX, PyTorch, TensorFlow), lists of numbers, or "
    "nested lists/tuples/dicts of them; a keras.utils.PyDataset; a tf.data.Dataset; a "
    "torch.utils.data.DataLoader; or a Python generator/iterator yielding `x`, "
    "`(x, y)` or `(x, y, sample_weight)`"
)


def get_data_adapter(
    x,
    y=None,
    sample_weight=None,
    batch_size=None,
    steps_per_epoch=None,
    shuffle=False,
    class_weight=None,
):
    """Returns the data adapter for `x` (and `y`, `sample_weight`).

    Arrays and tensors get an `ArrayDataAdapter` (which batches them, `batch_size`
    defaulting to 32). A `PyDataset`, `tf.data.Dataset`, torch `DataLoader` or Python
    generator already yields batches that hold the targets, so `y` and
    `sample_weight` must then be None; a generator also takes no `batch_size`.

    Args:
        x: the input data (see above for the accepted types).
        y: targets for array inputs.
        sample_weight: per-sample weights for array inputs.
        batch_size: samples per batch for array inputs.
        steps_per_epoch: batches per epoch, or None for one pass over the data.
        shuffle: True, False or "batch" (array inputs); PyDatasets shuffle their
            batch order when true; ignored for the other sources.
        class_weight: dict {class index: weight}; not supported for generators and
            DataLoaders (as in Keras).

    Returns:
        A `DataAdapter`.

    Raises:
        ValueError: for an unsupported type of `x` or an argument the type of `x`
            does not take.
    """
    if array_utils.is_array_structure(x) and x is not None:
        if not array_utils.is_array_structure(y):
            raise ValueError(_type_error("y", y))
        if not array_utils.is_array_structure(sample_weight):
            raise ValueError(_type_error("sample_weight", sample_weight))
        return ArrayDataAdapter(
            x,
            y=y,
            sample_weight=sample_weight,
            batch_size=batch_size,
            steps_per_epoch=steps_per_epoch,
            shuffle=shuffle,
            class_weight=class_weight,
        )
    kind = _batched_source_kind(x)
    if kind is None:
        raise ValueError(
            f"Unrecognized data type: x of type {type(x).__name__}. Expected "
            f"{_ACCEPTED}."
        )
    for name, value in (("y", y), ("sample_weight", sample_weight)):
        if value is not None:
            raise ValueError(
                f"`{name}` must be None when `x` is a {kind}: it yields batches that "
                f"hold the targets and sample weights. Received {name} of type "
                f"{type(value).__name__}."
            )
    if kind == "PyDataset":
        return PyDatasetAdapter(
            x,
            steps_per_epoch=steps_per_epoch,
            shuffle=shuffle,
            class_weight=class_weight,
        )
    if kind == "tf.data.Dataset":
        return TFDatasetAdapter(
            x, steps_per_epoch=steps_per_epoch, class_weight=class_weight
        )
    if class_weight is not None:
        raise ValueError(
            f"`class_weight` is not supported when `x` is a {kind}; make it yield "
            "`(x, y, sample_weight)` instead. Received "
            f"class_weight={class_weight!r}."
        )
    if kind == "torch DataLoader":
        return TorchDataLoaderAdapter(x, steps_per_epoch=steps_per_epoch)
    if batch_size is not None:
        raise ValueError(
            "`batch_size` must be None when `x` is a Python generator: the generator "
            f"yields whole batches. Received batch_size={batch_size!r}."
        )
    return GeneratorDataAdapter(x, steps_per_epoch=steps_per_epoch)


def _batched_source_kind(x):
    if isinstance(x, PyDataset):
        return "PyDataset"
    if is_tf_dataset(x):
        return "tf.data.Dataset"
    if is_torch_data_loader(x):
        return "torch DataLoader"
    if isinstance(x, types.GeneratorType) or (
        hasattr(x, "__next__") and hasattr(x, "__iter__")
    ):
        return "Python generator"
    return None


def _type_error(name, value):
    return (
        f"`{name}` must be None or arrays/tensors (or nested lists, tuples or dicts of "
        f"them) when `x` is; received {name} of type {type(value).__name__}."
    )
