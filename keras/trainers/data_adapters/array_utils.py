"""Nested structures of arrays: conversion to NumPy, sample counts, validation split.

"Array-like" means a NumPy array, a tensor of any engine (JAX, PyTorch, TensorFlow) or
anything else with `__array__` (such as a pandas DataFrame). A list whose leaves
(through nested lists) are all Python numbers or strings is one array; a tuple, or a
list or dict holding array-likes, is a structure of several arrays (multiple inputs or
outputs).
"""

import math

import numpy as np

from keras.backends.common import config
from keras.backends.common import dtypes
from keras.backends.common import tree

_SCALAR_TYPES = (bool, int, float, complex, str, bytes, np.generic)


def is_array_like(value):
    return isinstance(value, np.ndarray) or hasattr(value, "__array__")


def _is_scalar_sequence(value):
    """True for a list whose leaves (through nested lists) are all scalars."""
    if not isinstance(value, list):
        return False
    return all(
        isinstance(item, _SCALAR_TYPES) or _is_scalar_sequence(item) for item in value
    )


def to_numpy(value):
    """One array-like (or scalar) as a NumPy array; tensors are copied to the host."""
    if isinstance(value, np.ndarray):
        return value
    if type(value).__module__.startswith("torch"):
        value = value.detach().cpu()
        if str(value.dtype) == "torch.bfloat16":  # NumPy has no bfloat16 of its own.
            value = value.float()
        return value.numpy()
    return np.asarray(value)


def is_array_structure(structure):
    """Whether every leaf of `structure` is None, array-like or a list of scalars."""
    if structure is None or is_array_like(structure):
        return True
    if _is_scalar_sequence(structure):
        return True
    if isinstance(structure, dict):
        return all(is_array_structure(v) for v in structure.values())
    if isinstance(structure, (list, tuple)):
        return all(is_array_structure(v) for v in structure)
    return False


def convert_to_numpy_structure(structure, argument="x"):
    """`structure` with every leaf converted to NumPy (lists of scalars become arrays).

    Raises:
        TypeError: for a leaf that is neither None, a scalar nor array-like.
    """
    if structure is None:
        return None
    if isinstance(structure, dict):
        return type(structure)(
            (k, convert_to_numpy_structure(v, argument)) for k, v in structure.items()
        )
    if _is_scalar_sequence(structure) or isinstance(structure, _SCALAR_TYPES):
        return np.asarray(structure)
    if isinstance(structure, (list, tuple)):
        items = [convert_to_numpy_structure(v, argument) for v in structure]
        if hasattr(structure, "_fields"):  # namedtuple
            return type(structure)(*items)
        return type(structure)(items)
    if is_array_like(structure):
        return to_numpy(structure)
    raise TypeError(
        f"`{argument}` must hold NumPy arrays, tensors or lists of numbers; found an "
        f"element of type {type(structure).__name__}: {structure!r:.80}."
    )


def cast_floats_to_floatx(structure):
    """Casts the floating point arrays of `structure` to `keras.config.floatx()`."""
    target = dtypes.numpy_dtype(config.floatx())

    def cast(array):
        if array is None:
            return None
        is_float = array.dtype.kind == "f" or array.dtype.name == "bfloat16"
        if is_float and array.dtype != target:
            return array.astype(target)
        return array

    return tree.map_structure(cast, structure)


def num_samples(arrays, names=("x", "y", "sample_weight")):
    """The common first dimension of the arrays in `arrays` (a tuple of structures).

    Raises:
        ValueError: when an array has no first dimension, or when the sizes differ
            (the message lists the sizes of each of `names`).
    """
    sizes = {}
    for name, structure in zip(names, arrays):
        for array in tree.flatten(structure):
            if array is None:
                continue
            if np.ndim(array) == 0:
                raise ValueError(
                    f"Every array in `{name}` needs a first (sample) dimension; found "
                    f"a scalar: {array!r}."
                )
            sizes.setdefault(name, []).append(int(np.shape(array)[0]))
    distinct = {size for name_sizes in sizes.values() for size in name_sizes}
    if len(distinct) > 1:
        details = "; ".join(f"'{name}' sizes: {s}" for name, s in sizes.items())
        raise ValueError(
            "Data cardinality is ambiguous: all arrays must contain the same number of "
            f"samples. Received {details}."
        )
    if not distinct:
        raise ValueError(f"`{names[0]}` holds no arrays; received {arrays[0]!r}.")
    return distinct.pop()


def train_validation_split(arrays, validation_split):
    """Splits a structure of arrays into training and validation parts.

    The last `validation_split` fraction of the samples (no shuffling) is the
    validation part, as `fit(validation_split=...)` does in Keras. Tensors stay tensors;
    lists of numbers become NumPy arrays first.

    Args:
        arrays: a structure of arrays, usually the tuple `(x, y, sample_weight)`; None
            leaves stay None.
        validation_split: a float strictly between 0 and 1.

    Returns:
        `(train_arrays, val_arrays)`, both with the structure of `arrays`.

    Raises:
        ValueError: for data that is not arrays or tensors (generators, datasets), a
            `validation_split` outside (0, 1), or too few samples to split.
    """
    if not is_array_structure(arrays):
        raise ValueError(
            "validation_split is only supported for NumPy arrays and tensors; "
            "received data of type "
            f"{', '.join(sorted(_unsplittable_types(arrays)))}. "
            "Pass `validation_data` instead."
        )
    if not isinstance(validation_split, (float, int)) or not 0 < validation_split < 1:
        raise ValueError(
            "`validation_split` must be a float between 0 and 1 (exclusive); "
            f"received validation_split={validation_split!r}."
        )
    arrays = _scalar_sequences_to_numpy(arrays)
    total = num_samples((arrays,), names=("arrays",))
    split_at = int(math.floor(total * (1.0 - validation_split)))
    if split_at == 0 or split_at == total:
        raise ValueError(
            f"The data holds {total} samples, too few to split into training and "
            f"validation sets with validation_split={validation_split}. Provide more "
            "data or another `validation_split`."
        )

    def take(start, stop):
        return tree.map_structure(lambda a: _slice(a, start, stop), arrays)

    return take(0, split_at), take(split_at, total)


def _slice(array, start, stop):
    """`array[start:stop]`, keeping its type where it slices (NumPy, most tensors)."""
    if array is None:
        return None
    try:
        return array[start:stop]
    except TypeError:  # e.g. OpenVINO tensors, which do not slice
        return to_numpy(array)[start:stop]


def _unsplittable_types(structure):
    if is_array_structure(structure):
        return set()
    if isinstance(structure, dict):
        structure = list(structure.values())
    if isinstance(structure, (list, tuple)):
        return set().union(*(_unsplittable_types(v) for v in structure))
    return {type(structure).__name__}


def _scalar_sequences_to_numpy(structure):
    if _is_scalar_sequence(structure):
        return np.asarray(structure)
    if isinstance(structure, dict):
        return type(structure)(
            (k, _scalar_sequences_to_numpy(v)) for k, v in structure.items()
        )
    if isinstance(structure, (list, tuple)):
        items = [_scalar_sequences_to_numpy(v) for v in structure]
        if hasattr(structure, "_fields"):
            return type(structure)(*items)
        return type(structure)(items)
    return structure
