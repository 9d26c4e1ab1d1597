"""PyTorch backend: tensors are `torch.Tensor`s on the default device."""

import numpy as np
import torch

from keras.backends.common import dtypes
from keras.backends.common import stateless_scope
from keras.backends.common import variables

SUPPORTS_SPARSE_TENSORS = False
SUPPORTS_RAGGED_TENSORS = False

# The type of plain eager tensors (fast paths test `type(x) is EAGER_TENSOR`).
EAGER_TENSOR = torch.Tensor
IS_THREAD_SAFE = True

DEFAULT_DEVICE = "cuda" if torch.cuda.is_available() else "cpu"

_TORCH_DTYPES = {
    "bool": torch.bool,
    "uint8": torch.uint8,
    "uint16": torch.uint16,
    "uint32": torch.uint32,
    "uint64": torch.uint64,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bfloat16": torch.bfloat16,
    "float16": torch.float16,
    "float32": torch.float32,
    "float64": torch.float64,
    "float8_e4m3fn": torch.float8_e4m3fn,
    "float8_e5m2": torch.float8_e5m2,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}


def _torch_dtype(dtype):
    """The torch dtype of a Keras dtype; a ValueError for those torch lacks."""
    name = dtypes.standardize_dtype(dtype)
    if name not in _TORCH_DTYPES:
        raise ValueError(f"dtype {name!r} is not supported by the torch backend.")
    return _TORCH_DTYPES[name]


def _unwrap(x):
    if isinstance(x, variables.Variable):
        return x.value
    if isinstance(x, (list, tuple)):
        return type(x)(_unwrap(item) for item in x)
    if isinstance(x, dict):
        return {key: _unwrap(value) for key, value in x.items()}
    return x


class Variable(variables.Variable):
    """A Variable whose value is a `torch.nn.Parameter`.

    Trainable float variables require gradients, so torch optimizers can update them;
    torch functions accept the Variable itself (`torch.add(v, 1)`).
    """

    def _convert(self, value):
        return convert_to_tensor(value, dtype=self._dtype)

    def _initialize(self, value):
        grad = self._trainable and value.is_floating_point()
        self._value = torch.nn.Parameter(value.detach().clone(), requires_grad=grad)

    def _direct_assign(self, value):
        with torch.no_grad():
            self._value.copy_(value)

    def _to_numpy(self, value):
        # A copy: a view of the parameter would change as training updates it in place.
        return np.array(convert_to_numpy(value))

    def assign_add(self, value):
        if stateless_scope.current() is None:
            with torch.no_grad():
                self._value.add_(convert_to_tensor(value, dtype=self._dtype))
            return self._value
        return super().assign_add(value)

    def assign_sub(self, value):
        if stateless_scope.current() is None:
            with torch.no_grad():
                self._value.sub_(convert_to_tensor(value, dtype=self._dtype))
            return self._value
        return super().assign_sub(value)

    def _read(self):
        return self._value

    def _operand(self, other):
        # torch operators reject numpy arrays.
        if isinstance(other, np.ndarray):
            return convert_to_tensor(other)
        return super()._operand(other)

    @variables.Variable.trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        self._value.requires_grad_(self._trainable and self._value.is_floating_point())

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return func(*_unwrap(args), **_unwrap(kwargs or {}))


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Converts `x` to a torch tensor of `dtype` (inferred as Keras 3 does when None)."""
    if sparse:
        raise ValueError("`sparse=True` is not supported by the torch backend.")
    if ragged:
        raise ValueError("`ragged=True` is not supported by the torch backend.")
    if isinstance(x, variables.Variable):
        x = x.value
    if dtype is None:
        dtype = dtypes.infer_dtype(x)
    target = _torch_dtype(dtype)
    if isinstance(x, torch.Tensor):
        return x if x.dtype == target else x.to(target)
    if isinstance(x, np.ndarray) and x.dtype == dtypes.numpy_dtype("bfloat16"):
        x = x.astype(np.float32)
    if isinstance(x, np.ndarray) and x.dtype.kind not in "OSU":
        # from_numpy shares memory and rejects negative strides; np.ascontiguousarray
        # would turn a 0-d array into a 1-d one.
        if not x.flags.c_contiguous:
            x = x.copy()
        return torch.from_numpy(x).to(device=DEFAULT_DEVICE, dtype=target)
    return torch.as_tensor(x, dtype=target, device=DEFAULT_DEVICE)


def convert_to_numpy(x):
    """Returns `x` as a NumPy array (detached, moved to the CPU)."""
    if isinstance(x, variables.Variable):
        return x.numpy()
    if isinstance(x, torch.Tensor):
        x = x.detach()
        if x.device.type != "cpu":
            x = x.cpu()
        if x.dtype == torch.bfloat16:
            return x.float().numpy().astype(dtypes.numpy_dtype("bfloat16"))
        return x.numpy()
    return np.asarray(x)


def is_tensor(x):
    """True for torch tensors."""
    return torch.is_tensor(x)


def cast(x, dtype):
    """Casts `x` to `dtype`."""
    return convert_to_tensor(x).to(_torch_dtype(dtype))


def shape(x):
    """The static shape of `x` as a tuple of ints."""
    return tuple(x.shape) if hasattr(x, "shape") else np.shape(x)


def promote(*values):
    """Converts `values` to tensors of their Keras result dtype (see result_type)."""
    dtype = dtypes.promoted_dtype(*values)
    return [convert_to_tensor(v, dtype=dtype) for v in values]
