"""InputLayer and `keras.Input`: the symbolic entry point of a functional model."""

import numbers

from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.layer import Layer
from keras.ops.node import Node


def _is_dim(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _check_dims(dims, argument, name):
    """`dims` as a tuple of non-negative ints and None, or a ValueError naming
    `argument` and the entry that is neither."""
    given = dims
    if not isinstance(dims, (tuple, list, str, bytes)):
        try:
            dims = tuple(dims)  # e.g. a TensorShape
        except TypeError:
            pass
    if not isinstance(dims, (tuple, list)):
        raise ValueError(
            f"InputLayer '{name}': `{argument}` must be a tuple of non-negative ints "
            f"(or None for an unknown dim); received {argument}={given!r}."
        )
    for dim in dims:
        if dim is not None and (not _is_dim(dim) or dim < 0):
            value = dims[0] if argument == "batch_size" else tuple(dims)
            raise ValueError(
                f"InputLayer '{name}': `{argument}` must hold non-negative ints (or "
                f"None for an unknown dim); received {argument}={value!r}, whose "
                f"entry {dim!r} is neither."
            )
    return tuple(None if dim is None else int(dim) for dim in dims)


class InputLayer(Layer):
    """The layer behind `keras.Input`: it holds one placeholder KerasTensor.

    Args:
        shape: the shape of one sample (without the batch dim).
        batch_size: an optional fixed batch size.
        dtype: the dtype of the input; defaults to floatx.
        sparse, ragged: not supported by this keras (must be False/None).
        batch_shape: the full shape including the batch dim (instead of `shape`).
        input_tensor: an existing KerasTensor to use as the input.
        optional: whether the input may be None.
        name: the layer name.
    """

    def __init__(
        self,
        shape=None,
        batch_size=None,
        dtype=None,
        sparse=None,
        batch_shape=None,
        input_tensor=None,
        optional=False,
        name=None,
        ragged=None,
        **kwargs,
    ):
        super().__init__(name=name)
        if kwargs.pop("input_shape", None) is not None and shape is None:
            shape = kwargs.get("input_shape")
        if sparse or ragged:
            raise ValueError(
                f"InputLayer '{self.name}': sparse and ragged inputs are not supported."
            )
        if shape is not None and batch_shape is not None:
            raise ValueError(
                f"InputLayer '{self.name}': give `shape` or `batch_shape`, not both."
            )
        if input_tensor is not None:
            if not isinstance(input_tensor, KerasTensor):
                raise ValueError(
                    f"InputLayer '{self.name}': `input_tensor` must be a KerasTensor; got "
                    f"{type(input_tensor).__name__}."
                )
            batch_shape = input_tensor.shape
            dtype = dtype or input_tensor.dtype
        if batch_shape is None:
            if shape is None:
                raise ValueError(
                    f"InputLayer '{self.name}': `shape` is required (the shape of one "
                    "sample, e.g. shape=(784,))."
                )
            if _is_dim(shape):
                shape = (shape,)
            shape = _check_dims(shape, "shape", self.name)
            batch_shape = _check_dims((batch_size,), "batch_size", self.name) + shape
        else:
            batch_shape = _check_dims(batch_shape, "batch_shape", self.name)
        self._batch_shape = batch_shape
        self._dtype = dtypes.standardize_dtype(dtype)
        self.optional = bool(optional)
        self.built = True
        output = KerasTensor(self._batch_shape, dtype=self._dtype, name=self.name)
        Node(self, outputs=output)
        self._output_tensor = output

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def dtype(self):
        return self._dtype

    def call(self):
        return

    def get_config(self):
        return {
            "batch_shape": self._batch_shape,
            "dtype": self._dtype,
            "sparse": False,
            "ragged": False,
            "name": self.name,
            "optional": self.optional,
        }


def Input(
    shape=None,
    batch_size=None,
    dtype=None,
    sparse=None,
    batch_shape=None,
    name=None,
    tensor=None,
    optional=False,
    ragged=None,
):
    """A symbolic input (KerasTensor) for a functional model.

    >>> x = keras.Input(shape=(16,))
    >>> x.shape
    (None, 16)
    """
    layer = InputLayer(
        shape=shape,
        batch_size=batch_size,
        dtype=dtype,
        sparse=sparse,
        batch_shape=batch_shape,
        name=name,
        input_tensor=tensor,
        optional=optional,
        ragged=ragged,
    )
    return layer.output
