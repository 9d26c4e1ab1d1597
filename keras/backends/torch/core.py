"""PyTorch backend: tensors are `torch.Tensor`s on the default device."""

import sys

import numpy as np
import torch

from keras.backends.common import array_utils
from keras.backends.common import distribution_state
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


# torch dtypes and Keras names already resolved (the hot path of every conversion).
_RESOLVED = {**_TORCH_DTYPES, **{d: d for d in _TORCH_DTYPES.values()}}


def _torch_dtype(dtype):
    """The torch dtype of a Keras dtype; a ValueError for those torch lacks."""
    if dtype.__class__ is str or dtype.__class__ is torch.dtype:
        found = _RESOLVED.get(dtype)
        if found is not None:
            return found
    name = dtypes.standardize_dtype(dtype)
    if name not in _TORCH_DTYPES:
        raise ValueError(f"dtype {name!r} is not supported by the torch backend.")
    return _TORCH_DTYPES[name]


_KNOWN = frozenset(_TORCH_DTYPES.values())
_ON_CPU = DEFAULT_DEVICE == "cpu"
# NumPy dtypes `torch.from_numpy` keeps as they are.
_FROM_NUMPY = {
    np.dtype(name): _TORCH_DTYPES[name]
    for name in (
        "bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32",
        "float64", "complex64", "complex128",
    )
}
_WIDE_FLOATS = ("float32", "float64")
_INT_OR_WIDE_FLOATS = ("int32", "int64", "float32", "float64")
_2_31 = 2**31

# Tensors the fast paths take as they are: plain tensors and the parameters of Variables.
_PLAIN_TENSORS = (torch.Tensor, torch.nn.Parameter)


def _plain(x):
    """`x`, or the value of `x` if it is a Variable (for the ops' fast paths)."""
    if isinstance(x, variables.Variable):
        return x.value
    return x


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

    Created while a keras.distribution is in effect, a variable whose layout (from
    `distribution.get_variable_layout`) splits it over a mesh axis holds a torch DTensor
    (each process keeps its shard), and keeps that layout for every assigned value;
    the others stay plain tensors, whole on every process.
    """

    # The keras.distribution.TensorLayout of a value split over the processes (a
    # DTensor), or None (a plain tensor).
    _layout = None

    def _convert(self, value):
        return convert_to_tensor(value, dtype=self._dtype)

    def _initialize(self, value):
        grad = self._trainable and value.is_floating_point()
        value = value.detach().clone()
        distribution = distribution_state.current()
        if distribution is not None:
            layout = distribution.get_variable_layout(self)
            if any(axis is not None for axis in layout.axes):
                self._layout = layout
                # Process 0's initial value is the one every process gets its shard of.
                value = _distribute(value, layout, src_data_rank=0)
        self._value = torch.nn.Parameter(value, requires_grad=grad)

    def _direct_assign(self, value):
        if value.__class__ is not torch.Tensor or self._layout is not None:
            value = self._placed(value)  # (a DTensor, or into one)
        with torch.no_grad():
            self._value.copy_(value)

    def _placed(self, value):
        """`value` laid out as the variable: a DTensor as its layout says, or (for a
        plain variable) a plain tensor."""
        dtensor = _dtensor_type()
        if self._layout is None:
            return value.full_tensor() if dtensor and isinstance(value, dtensor) else value
        if isinstance(value, dtensor):
            placements = self._value.placements
            return value if value.placements == placements else value.redistribute(
                self._value.device_mesh, placements
            )
        # A whole value (every process assigns the same one): each keeps its shard.
        return _distribute(value, self._layout, src_data_rank=None)

    def _relayout(self, layout):
        """Lays the value out as `layout` (a keras.distribution.TensorLayout) says,
        now and on every assignment (optimizer slots follow their model variable)."""
        if all(axis is None for axis in layout.axes):
            return
        self._layout = layout
        grad = self._value.requires_grad
        value = _distribute(self._value.detach(), layout, src_data_rank=None)
        self._value = torch.nn.Parameter(value, requires_grad=grad)

    def _to_numpy(self, value):
        # A copy: a view of the parameter would change as training updates it in place.
        return np.array(convert_to_numpy(value))

    def _takes_number(self, value):
        """Whether torch adds the Python number `value` to the variable as it is, with
        the result the converted value would give (no tensor made for it)."""
        if type(value) is float:
            return self._dtype in _WIDE_FLOATS
        return (
            type(value) is int
            and -_2_31 <= value < _2_31
            and self._dtype in _INT_OR_WIDE_FLOATS
        )

    def _in_place(self, update, value):
        """Runs the in-place `update` of the parameter (`add_`, `sub_`) outside autograd."""
        if torch.is_grad_enabled():
            with torch.no_grad():
                update(value)
        else:
            update(value)
        return self._value

    def assign_add(self, value):
        if stateless_scope.current() is None:
            if not self._takes_number(value):
                value = convert_to_tensor(value, dtype=self._dtype)
                if value.__class__ is not torch.Tensor or self._layout is not None:
                    value = self._placed(value)
            return self._in_place(self._value.add_, value)
        return super().assign_add(value)

    def assign_sub(self, value):
        if stateless_scope.current() is None:
            value = convert_to_tensor(value, dtype=self._dtype)
            if value.__class__ is not torch.Tensor or self._layout is not None:
                value = self._placed(value)
            return self._in_place(self._value.sub_, value)
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


def _dtensor_type():
    """torch's DTensor class, or None while torch.distributed.tensor is not imported
    (then no value is a DTensor; importing it costs a second)."""
    return getattr(sys.modules.get("torch.distributed.tensor"), "DTensor", None)


def _distribute(value, layout, src_data_rank):
    """`value` as a DTensor laid out as `layout` (a keras.distribution.TensorLayout)
    says. `src_data_rank=None`: every process holds the same whole value and keeps its
    shard (no communication); 0: process 0's value is scattered."""
    from torch.distributed.tensor import distribute_tensor

    return distribute_tensor(
        value, layout.device_mesh.backend_mesh, layout.backend_layout,
        src_data_rank=src_data_rank,
    )


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Converts `x` to a torch tensor of `dtype` (inferred as Keras 3 does when None)."""
    if sparse:
        raise ValueError("`sparse=True` is not supported by the torch backend.")
    if ragged:
        raise ValueError("`ragged=True` is not supported by the torch backend.")
    if isinstance(x, torch.Tensor):
        # Fast path: a tensor already of the asked (or, without one, a known) dtype.
        if dtype is None:
            if x.dtype in _KNOWN:
                return x
        else:
            target = _torch_dtype(dtype)
            return x if x.dtype == target else x.to(target)
    elif (
        x.__class__ is np.ndarray
        and (dtype is None or _RESOLVED.get(dtype) is _FROM_NUMPY.get(x.dtype))
        and x.dtype in _FROM_NUMPY
        and x.flags.c_contiguous
        and x.flags.writeable
        and _ON_CPU
    ):
        # Fast path: a contiguous, writeable array of a dtype torch shares memory with.
        return torch.from_numpy(x)
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
        # would turn a 0-d array into a 1-d one. A read-only array (a tf.data batch, a
        # memory map) is copied: torch tensors are writable, and sharing its memory is
        # undefined behaviour (torch warns).
        if not x.flags.c_contiguous or not x.flags.writeable:
            x = x.copy()
        return torch.from_numpy(x).to(device=DEFAULT_DEVICE, dtype=target)
    return torch.as_tensor(x, dtype=target, device=DEFAULT_DEVICE)


def convert_to_numpy(x):
    """Returns `x` as a NumPy array (detached, moved to the CPU)."""
    if isinstance(x, variables.Variable):
        return x.numpy()
    if isinstance(x, torch.Tensor):
        x = x.detach()
        if x.__class__ is not torch.Tensor:
            dtensor = _dtensor_type()
            if dtensor is not None and isinstance(x, dtensor):
                x = x.full_tensor()  # the whole value (every process must ask)
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
    target = _torch_dtype(dtype)
    if isinstance(x, variables.Variable):
        x = x.value
    if isinstance(x, torch.Tensor):
        return x if x.dtype == target else x.to(target)
    return convert_to_tensor(x).to(target)


shape = array_utils.shape


promote = array_utils.make_promote(convert_to_tensor)


def _tensor(x):
    """`x` itself when it is a tensor, else `convert_to_tensor(x)`: how the op
    modules take their inputs (tensors need no conversion)."""
    if isinstance(x, torch.Tensor):
        return x
    return convert_to_tensor(x)
