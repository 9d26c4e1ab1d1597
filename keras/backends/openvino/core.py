"""OpenVINO backend: tensors wrap an output of an OpenVINO graph node.

Ops build the graph lazily from `openvino.opset*` operations; `convert_to_numpy` evaluates
it (constants are read directly, anything else is compiled for the CPU and run once, and
the tensor then holds the result as a constant, so later graphs stay small). A tensor
whose graph reads a Parameter is symbolic: that is how `predict` traces a model into one
`ov.Model` (keras/trainers/openvino_trainer.py); evaluating one raises a clear error.
"""

import importlib
import operator
import os

import ml_dtypes
import numpy as np
import openvino as ov
import openvino.passes as ov_passes
from openvino import opset14 as ov_opset

from keras.backends.common import array_utils
from keras.backends.common import dtypes
from keras.backends.common import variables

SUPPORTS_SPARSE_TENSORS = False
SUPPORTS_RAGGED_TENSORS = False
IS_THREAD_SAFE = True

# Keras dtype name <-> OpenVINO element type. OpenVINO has no complex or string types.
_OV_TYPES = {
    "bool": ov.Type.boolean,
    "int8": ov.Type.i8,
    "int16": ov.Type.i16,
    "int32": ov.Type.i32,
    "int64": ov.Type.i64,
    "uint8": ov.Type.u8,
    "uint16": ov.Type.u16,
    "uint32": ov.Type.u32,
    "uint64": ov.Type.u64,
    "float16": ov.Type.f16,
    "bfloat16": ov.Type.bf16,
    "float32": ov.Type.f32,
    "float64": ov.Type.f64,
}
_KERAS_DTYPES = {t.get_type_name(): name for name, t in _OV_TYPES.items()}

# The CPU plugin would otherwise run float32 graphs in bf16 on CPUs that have it. Its
# "snippets" (JIT-fused subgraphs) crashed compiling attention followed by a gate
# (GroupQueryAttention(use_gate=True), OpenVINO 2026.4); without them the MLP and CNN
# of bench/openvino_predict.py run as fast (measured).
# KERAS_OPENVINO_INFERENCE_PRECISION=bf16 (or f16) opts into the plugin's faster
# reduced precision (what Keras 3's openvino backend runs in by default).
_PRECISIONS = ("f32", "bf16", "f16")
_PRECISION = os.environ.get("KERAS_OPENVINO_INFERENCE_PRECISION", "f32")
if _PRECISION not in _PRECISIONS:
    raise ValueError(
        f"KERAS_OPENVINO_INFERENCE_PRECISION must be one of {_PRECISIONS}; got "
        f"{_PRECISION!r}."
    )
COMPILE_CONFIG = {"INFERENCE_PRECISION_HINT": _PRECISION, "SNIPPETS_MODE": "DISABLE"}

_core = None


def _ov_core():
    global _core
    if _core is None:
        _core = ov.Core()
    return _core


def _ov_type(dtype):
    """The OpenVINO element type of a Keras dtype (name, numpy dtype or ov.Type)."""
    if isinstance(dtype, ov.Type):
        return dtype
    name = dtypes.standardize_dtype(dtype)
    try:
        return _OV_TYPES[name]
    except KeyError:
        raise ValueError(
            f"dtype {name!r} is not supported by the openvino backend (OpenVINO has no "
            f"element type for it); expected one of {sorted(_OV_TYPES)}."
        ) from None


def _keras_dtype(ov_type):
    """The Keras dtype name of an OpenVINO element type."""
    return _KERAS_DTYPES[ov_type.get_type_name()]


def _from_ov_array(array, ov_type):
    """A NumPy array of the right dtype from OpenVINO's data (bf16 arrives as raw bits
    in a float16 array)."""
    array = np.array(array)
    if ov_type == ov.Type.bf16:
        return array.view(np.uint16).view(ml_dtypes.bfloat16)
    if ov_type == ov.Type.boolean:
        return array.astype(bool)
    return array


def _constant(array):
    """A Constant node output holding the NumPy array `array`."""
    array = np.asarray(array)
    if array.dtype == ml_dtypes.bfloat16:
        tensor = ov.Tensor(ov.Type.bf16, ov.Shape(list(array.shape)))
        np.copyto(tensor.data.view(np.uint16), array.view(np.uint16))
        return ov.op.Constant(tensor).output(0)
    # (np.ascontiguousarray would make a 0-d array 1-d.)
    return ov_opset.constant(np.require(array, requirements="C")).output(0)


class SymbolicValueError(ValueError):
    """Raised when a value is needed from a tensor that depends on a graph input."""


def _evaluate(output):
    """The value of `output` as a NumPy array (compiling its graph unless constant)."""
    return _evaluate_outputs([output])[0]


def _evaluate_outputs(outputs):
    """The values of graph `outputs` as NumPy arrays, computed together (one graph)."""
    values = [None] * len(outputs)
    pending = []
    for i, output in enumerate(outputs):
        node = output.get_node()
        ov_type = output.get_element_type()
        shape = output.get_partial_shape()
        if node.get_type_name() == "Constant":
            values[i] = _from_ov_array(node.get_data(), ov_type)
        elif shape.is_static and any(d.get_length() == 0 for d in shape):
            # Nothing to compute, and the CPU plugin crashes on some empty inputs.
            dtype = dtypes.numpy_dtype(_keras_dtype(ov_type))
            values[i] = np.zeros([d.get_length() for d in shape], dtype)
        else:
            pending.append(i)
    if not pending:
        return values
    try:
        model = ov.Model([outputs[i] for i in pending], [])
    except RuntimeError as error:
        if "undeclared parameters" not in str(error):
            raise
        raise SymbolicValueError(
            "This openvino tensor depends on a model input that has no value yet (the "
            "model is being built as one OpenVINO graph, e.g. by predict()); an op "
            "that needs its concrete value cannot run here. Call the model eagerly "
            "(model(x)) instead, or keep the value out of Python control flow."
        ) from None
    # OpenVINO's constant folding runs its reference evaluators in a fraction of a
    # millisecond (in the declared precision: int64 and float64 stay exact), where
    # compiling for the CPU costs ~13 ms; ops without an evaluator (Convolution...)
    # are left for the CPU plugin. Passes rewrite the graph they run on: they get a
    # copy, so the nodes other tensors share are never changed under them.
    model = model.clone()
    _round_bfloat16_converts(model)
    manager = ov_passes.Manager()
    manager.register_pass(ov_passes.ConstantFolding())
    manager.run_passes(model)
    results = [r.input_value(0) for r in model.get_results()]
    if all(r.get_node().get_type_name() == "Constant" for r in results):
        computed = [r.get_node().get_data() for r in results]
    else:
        model, inputs, _alive = _constants_as_parameters(model)
        compiled = _ov_core().compile_model(model, "CPU", COMPILE_CONFIG)
        answer = compiled(inputs, share_inputs=True)
        computed = [answer[k] for k in range(len(pending))]
    for k, i in enumerate(pending):
        values[i] = _from_ov_array(computed[k], outputs[i].get_element_type())
    return values


def _constants_as_parameters(model):
    """`model` with its data constants made Parameters, and their values.

    The CPU plugin's compile-time folding of constant inputs has given wrong values
    (a one-hot confusion matrix built from a Select chain, where the same graph fed
    through Parameters is right), so what our own folding leaves is run the way
    `predict` runs a model: on inputs. int64 constants (the axes, shapes and orders
    that keep the remaining shapes static) and scalars (attributes such as a scale,
    a pad value or a depth, which some operations need constant) stay constants.
    """
    parameters, values, nodes = [], [], []
    for node in model.get_ordered_ops():
        if node.get_type_name() != "Constant":
            continue
        output = node.output(0)
        shape = output.get_partial_shape()
        if output.get_element_type() == ov.Type.i64 or shape.rank.get_length() == 0:
            continue
        parameter = ov_opset.parameter(output.get_partial_shape(), output.get_element_type())
        for target in list(output.get_target_inputs()):
            target.replace_source_output(parameter.output(0))
        parameters.append(parameter)
        # The view reads the node's buffer: `nodes` keeps the node alive meanwhile.
        values.append(node.get_tensor_view())
        nodes.append(node)
    if parameters:
        model.add_parameters(parameters)
    return model, values, nodes


_BF16_ROUNDED = "keras_bf16_rounded"


def _round_bfloat16_converts(model):
    """Makes every float -> bfloat16 Convert of `model` round to nearest.

    The constant folder's Convert to bfloat16 truncates (1 + 2**-8 + 2**-9 gives 1.0)
    where the CPU plugin rounds. Rounding the float32 value to 8 significant bits
    first (Veltkamp's split: hi = y - (y - x) with y = x * (2**16 + 1)) leaves the
    Convert nothing to round, so both agree with ml_dtypes; |x| >= 1e33, infs and
    NaNs (where x * 65537 would overflow) pass through as they are.
    """
    for node in model.get_ordered_ops():
        if node.get_type_name() != "Convert":
            continue
        if node.get_output_element_type(0) != ov.Type.bf16:
            continue
        source = node.input_value(0)
        if source.get_node().get_friendly_name().startswith(_BF16_ROUNDED):
            continue
        if source.get_element_type() == ov.Type.bf16:
            continue
        if not source.get_element_type().is_real():
            continue  # ints and bools: rounded by their own Convert to float32
        x = source
        if x.get_element_type() != ov.Type.f32:
            x = ov_opset.convert(x, ov.Type.f32).output(0)
        y = ov_opset.multiply(x, _constant(np.array(65537.0, np.float32)))
        hi = ov_opset.subtract(y, ov_opset.subtract(y, x))
        small = ov_opset.less(ov_opset.abs(x), _constant(np.array(1e33, np.float32)))
        rounded = ov_opset.select(small, hi, x)
        rounded.set_friendly_name(f"{_BF16_ROUNDED}_{id(rounded)}")
        node.input(0).replace_source_output(rounded.output(0))


def _module(name):
    return importlib.import_module(f"keras.backends.openvino.{name}")


def _binary_operator(function, reflected=False):
    if reflected:
        return lambda self, other: getattr(_module("binary"), function)(other, self)
    return lambda self, other: getattr(_module("binary"), function)(self, other)


class OpenVINOTensor:
    """An eager tensor of the openvino backend: one output of a graph node."""

    # `_keras_mask`: the mask a layer attaches to its output (as on every backend).
    __slots__ = ("output", "_keras_mask", "__weakref__")
    # NumPy arrays on the left of an operator defer to ours.
    __array_priority__ = 100

    def __init__(self, output):
        if isinstance(output, ov.Node):
            output = output.output(0)
        self.output = output

    @property
    def dtype(self):
        return _keras_dtype(self.output.get_element_type())

    @property
    def shape(self):
        shape = self.output.get_partial_shape()
        if not shape.is_static:
            raise ValueError(f"This openvino tensor has a dynamic shape ({shape}).")
        return tuple(d.get_length() for d in shape)

    @property
    def ndim(self):
        return self.output.get_partial_shape().rank.get_length()

    @property
    def size(self):
        size = 1
        for d in self.shape:
            size *= d
        return size

    @property
    def is_symbolic(self):
        """True when the value depends on a graph input (a model being traced)."""
        return not _is_constant_graph(self.output)

    def numpy(self):
        """The value as a NumPy array (the graph is evaluated once, then kept)."""
        value = _evaluate(self.output)
        if self.output.get_node().get_type_name() != "Constant":
            # Later ops start from the value instead of re-running its graph.
            self.output = _constant(value)
        return value

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.numpy(), dtype=dtype)

    def __repr__(self):
        return f"<OpenVINOTensor shape={self.shape}, dtype={self.dtype}>"

    def __len__(self):
        if not self.ndim:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    def __iter__(self):
        if not self.ndim:
            raise TypeError("iteration over a 0-d tensor")
        for i in range(self.shape[0]):
            yield self[i]

    def __bool__(self):
        return bool(self.numpy())

    def __int__(self):
        return int(self.numpy())

    def __float__(self):
        return float(self.numpy())

    def __index__(self):
        return operator.index(self.numpy().item())

    # Identity hashing (== builds a tensor).
    __hash__ = object.__hash__

    def __getitem__(self, key):
        return _getitem(self, key)

    def __neg__(self):
        return _module("unary").negative(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _module("unary").absolute(self)

    def __invert__(self):
        return _module("unary").bitwise_invert(self)

    @property
    def T(self):
        return _module("manipulation").transpose(self)

    def astype(self, dtype):
        return cast(self, dtype)

    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = shape[0]
        return _module("manipulation").reshape(self, shape)


for _name, _function in [
    ("add", "add"),
    ("sub", "subtract"),
    ("mul", "multiply"),
    ("truediv", "divide"),
    ("floordiv", "floor_divide"),
    ("mod", "mod"),
    ("pow", "power"),
    ("and", "bitwise_and"),
    ("or", "bitwise_or"),
    ("xor", "bitwise_xor"),
    ("lshift", "bitwise_left_shift"),
    ("rshift", "bitwise_right_shift"),
]:
    setattr(OpenVINOTensor, f"__{_name}__", _binary_operator(_function))
    setattr(OpenVINOTensor, f"__r{_name}__", _binary_operator(_function, reflected=True))
for _name, _function in [
    ("lt", "less"),
    ("le", "less_equal"),
    ("gt", "greater"),
    ("ge", "greater_equal"),
    ("eq", "equal"),
    ("ne", "not_equal"),
]:
    setattr(OpenVINOTensor, f"__{_name}__", _binary_operator(_function))
OpenVINOTensor.__matmul__ = lambda self, other: _module("products").matmul(self, other)
OpenVINOTensor.__rmatmul__ = lambda self, other: _module("products").matmul(other, self)


def _is_constant_graph(output):
    """True when no Parameter feeds `output`."""
    stack = [output.get_node()]
    seen = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        kind = node.get_type_name()
        if kind == "Parameter":
            return False
        if kind == "Constant":
            continue
        stack.extend(value.get_node() for value in node.input_values())
    return True


# The type of plain eager tensors (fast paths test `type(x) is EAGER_TENSOR`).
EAGER_TENSOR = OpenVINOTensor

# Bumped on every Variable assignment: predict's compiled graphs embed the variables'
# values as constants and are rebuilt when this changes.
_assignments = [0]


class Variable(variables.Variable):
    """A Variable whose value is a constant node (replaced on assignment)."""

    def _convert(self, value):
        tensor = convert_to_tensor(value, dtype=self._dtype)
        if tensor.output.get_node().get_type_name() != "Constant":
            tensor = OpenVINOTensor(_constant(tensor.numpy()))
        return tensor

    def _initialize(self, value):
        self._value = value
        _assignments[0] += 1

    def _direct_assign(self, value):
        self._value = value
        _assignments[0] += 1

    def _to_numpy(self, value):
        return convert_to_numpy(value)

    def assign_add(self, value):
        return self.assign(self.numpy() + convert_to_numpy(value))

    def assign_sub(self, value):
        return self.assign(self.numpy() - convert_to_numpy(value))


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Converts `x` to an OpenVINOTensor of `dtype` (inferred as Keras 3 does when None)."""
    if sparse:
        raise ValueError("`sparse=True` is not supported by the openvino backend.")
    if ragged:
        raise ValueError("`ragged=True` is not supported by the openvino backend.")
    if isinstance(x, variables.Variable):
        x = x.value
    if isinstance(x, OpenVINOTensor):
        if dtype is None or x.dtype == dtypes.standardize_dtype(dtype):
            return x
        return cast(x, dtype)
    if dtype is None:
        dtype = dtypes.infer_dtype(x)
    name = dtypes.standardize_dtype(dtype)
    _ov_type(name)
    if isinstance(x, (list, tuple)) and any(_contains_tensor(v) for v in x):
        # A nest of tensors and numbers: stack the converted elements.
        parts = [convert_to_tensor(v, dtype=name) for v in x]
        return OpenVINOTensor(
            ov_opset.concat([ov_opset.unsqueeze(p.output, 0) for p in parts], 0)
        )
    array = np.asarray(x, dtype=dtypes.numpy_dtype(name))
    return OpenVINOTensor(_constant(array))


def _contains_tensor(x):
    if isinstance(x, (OpenVINOTensor, variables.Variable)):
        return True
    if isinstance(x, (list, tuple)):
        return any(_contains_tensor(v) for v in x)
    return False


def convert_to_numpy(x):
    """Returns `x` as a NumPy array, evaluating its graph if needed."""
    if isinstance(x, variables.Variable):
        x = x.value
    if isinstance(x, OpenVINOTensor):
        return x.numpy()
    if isinstance(x, (list, tuple)) and _contains_tensor(x):
        return np.array([convert_to_numpy(v) for v in x])
    return np.asarray(x)


def is_tensor(x):
    """True for OpenVINOTensors."""
    return isinstance(x, OpenVINOTensor)


def cast(x, dtype):
    """Casts `x` to `dtype` (a Convert node; float -> int truncates toward zero, and
    out-of-range values saturate, as OpenVINO's Convert does)."""
    x = convert_to_tensor(x)
    target = _ov_type(dtype)
    if x.output.get_element_type() == target:
        return x
    return OpenVINOTensor(ov_opset.convert(x.output, target).output(0))


def shape(x):
    """The static shape of `x` as a tuple of ints."""
    if isinstance(x, variables.Variable):
        return x.shape
    if isinstance(x, OpenVINOTensor):
        return x.shape
    return array_utils.shape(x)


promote = array_utils.make_promote(convert_to_tensor)


# Helpers for the op modules.


def _tensor(x):
    """`x` as an OpenVINOTensor (tensors pass through)."""
    if type(x) is OpenVINOTensor:
        return x
    return convert_to_tensor(x)


def _out(x):
    """The graph output of `x` (converted first when it is not a tensor)."""
    return _tensor(x).output


def _wrap(node):
    """An OpenVINOTensor of a node's first output (or of an output)."""
    return OpenVINOTensor(node)


def _i64(values):
    """An int64 constant output (shapes, axes, indices given to opset operations)."""
    return _constant(np.asarray(values, dtype=np.int64))


# The dtype each dtype is computed in by ops that OpenVINO's CPU plugin lacks (or
# saturates) for narrow types: narrow ints and bools in int32, uint32/uint64 in int64,
# float16/bfloat16 in float32.
_WORK_DTYPES = {
    "bool": "int32",
    "int8": "int32",
    "int16": "int32",
    "uint8": "int32",
    "uint16": "int32",
    "uint32": "int64",
    "uint64": "int64",
    "float16": "float32",
    "bfloat16": "float32",
}


def _work(dtype):
    """The dtype `dtype` is computed in (see _WORK_DTYPES)."""
    return _WORK_DTYPES.get(dtype, dtype)


def _shape_of(output):
    """The static shape of a graph output, as a tuple of ints."""
    return tuple(d.get_length() for d in output.get_partial_shape())


def _as(x, dtype):
    """The graph output of tensor (or output) `x` converted to `dtype`."""
    output = x.output if isinstance(x, OpenVINOTensor) else x
    target = _ov_type(dtype)
    if output.get_element_type() == target:
        return output
    return ov_opset.convert(output, target).output(0)


def _stack_outputs(outputs, axis):
    """Graph outputs of one shape stacked on a new axis `axis` (non-negative).

    Stacking on axis 0 is built as a stack on a new last axis moved to the front: the
    CPU plugin (2026.4) has returned wrong values for a Concat on axis 0 of the steps
    of a recurrence that runs Transpose -> Convolution -> Transpose (a channels_last
    ConvLSTM), where the Concat on the last axis is right.
    """
    rank = outputs[0].get_partial_shape().rank.get_length()
    if axis != 0 or rank == 0:
        parts = [ov_opset.unsqueeze(o, _i64([axis])) for o in outputs]
        return ov_opset.concat(parts, axis).output(0)
    parts = [ov_opset.unsqueeze(o, _i64([rank])) for o in outputs]
    stacked = ov_opset.concat(parts, rank)
    return ov_opset.transpose(stacked, _i64([rank] + list(range(rank)))).output(0)


def _static_value(x):
    """The value of `x` as a NumPy array, or None when it depends on a graph input."""
    if isinstance(x, variables.Variable):
        return x.numpy()
    if not isinstance(x, OpenVINOTensor):
        return np.asarray(x)
    try:
        return x.numpy()
    except SymbolicValueError:
        return None


# Indexing.


def _normalize_index(index, size):
    if not -size <= index < size:
        raise IndexError(f"index {index} is out of bounds for an axis of size {size}")
    return index + size if index < 0 else index


def _is_advanced(entry):
    if isinstance(entry, (OpenVINOTensor, variables.Variable, np.ndarray, list)):
        return True
    return False


def _getitem(x, key):
    """`x[key]` with NumPy's rules: ints, slices, None, Ellipsis, integer arrays (all
    advanced indices broadcast together) and boolean masks (evaluated to positions)."""
    x = _tensor(x)
    if not isinstance(key, tuple):
        key = (key,)
    # Boolean masks become integer index arrays (one per axis they cover).
    entries = []
    for entry in key:
        if isinstance(entry, variables.Variable):
            entry = entry.value
        if _is_advanced(entry):
            dtype = (
                entry.dtype
                if isinstance(entry, (OpenVINOTensor, np.ndarray))
                else np.asarray(entry).dtype
            )
            if dtypes.standardize_dtype(dtype) == "bool":
                mask = _static_value(entry)
                if mask is None:
                    raise SymbolicValueError(
                        "Indexing with a boolean mask that depends on a model input "
                        "gives a data-dependent shape, which an OpenVINO graph traced "
                        "for predict cannot have."
                    )
                entries.extend(np.nonzero(np.asarray(mask, bool)))
                continue
        elif isinstance(entry, (bool, np.bool_)):
            raise IndexError("indexing an openvino tensor with a Python bool")
        entries.append(entry)
    consumed = sum(e is not None and e is not Ellipsis for e in entries)
    ellipses = sum(e is Ellipsis for e in entries)
    if ellipses > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if consumed > x.ndim:
        raise IndexError(
            f"too many indices for a tensor of rank {x.ndim}: {consumed} were given"
        )
    expanded = []
    for entry in entries:
        if entry is Ellipsis:
            expanded.extend([slice(None)] * (x.ndim - consumed))
        else:
            expanded.append(entry)
    new_axes = sum(e is None for e in expanded)
    expanded.extend([slice(None)] * (x.ndim + new_axes - len(expanded)))
    # New axes first: each None becomes a length-1 axis and a full slice.
    output = x.output
    for position, entry in enumerate(expanded):
        if entry is None:
            output = ov_opset.unsqueeze(output, _i64([position])).output(0)
            expanded[position] = slice(None)
    dims = [d.get_length() for d in output.get_partial_shape()]
    advanced = [
        i for i, e in enumerate(expanded) if _is_advanced(e) or isinstance(e, np.generic)
    ]
    # Ints are advanced indices when arrays are present (NumPy broadcasts them together).
    if advanced:
        advanced = [
            i
            for i, e in enumerate(expanded)
            if _is_advanced(e) or isinstance(e, (int, np.integer))
        ]
    starts, stops, steps, axes, squeeze = [], [], [], [], []
    for axis, entry in enumerate(expanded):
        if axis in advanced:
            continue
        if isinstance(entry, slice):
            start, stop, step = entry.indices(dims[axis])
            if step < 0 and stop < 0:
                stop = -(2**62)  # past the first element, counting down
            if (start, stop, step) == (0, dims[axis], 1):
                continue
            starts.append(start)
            stops.append(stop)
            steps.append(step)
            axes.append(axis)
        elif isinstance(entry, (int, np.integer)) or (
            isinstance(entry, OpenVINOTensor) and entry.ndim == 0
        ):
            index = _normalize_index(int(entry), dims[axis])
            starts.append(index)
            stops.append(index + 1)
            steps.append(1)
            axes.append(axis)
            squeeze.append(axis)
        else:
            raise IndexError(
                f"only integers, slices, None, Ellipsis and integer or boolean arrays "
                f"index an openvino tensor; got {entry!r}"
            )
    if axes:
        output = ov_opset.slice(
            output, _i64(starts), _i64(stops), _i64(steps), _i64(axes)
        ).output(0)
    if advanced:
        output = _advanced_index(output, expanded, advanced)
    elif squeeze:
        output = ov_opset.squeeze(output, _i64(squeeze)).output(0)
    return OpenVINOTensor(output)


def _advanced_index(output, expanded, advanced):
    """Gathers the `advanced` axes of `output` with their (broadcast) index arrays."""
    dims = [d.get_length() for d in output.get_partial_shape()]
    rank = len(dims)
    indices = []
    for axis in advanced:
        entry = expanded[axis]
        if isinstance(entry, OpenVINOTensor):
            index = entry if entry.dtype in ("int32", "int64") else cast(entry, "int64")
            index = cast(index, "int64").output
            # Negative positions count from the end of the axis.
            size = _i64(dims[axis])
            index = ov_opset.select(
                ov_opset.less(index, _i64(0)), ov_opset.add(index, size), index
            ).output(0)
        else:
            array = np.asarray(entry)
            if array.dtype.kind not in "iu":
                raise IndexError(
                    f"arrays used as indices must be of integer or boolean type; got "
                    f"{array.dtype}"
                )
            if array.size and (array.min() < -dims[axis] or array.max() >= dims[axis]):
                raise IndexError(
                    f"index out of bounds for an axis of size {dims[axis]}: {array}"
                )
            index = _i64(np.where(array < 0, array + dims[axis], array))
        indices.append(index)
    # Broadcast the index arrays together and stack them in the last axis.
    shapes = [tuple(d.get_length() for d in i.get_partial_shape()) for i in indices]
    common = np.broadcast_shapes(*shapes)
    stacked = ov_opset.concat(
        [
            ov_opset.unsqueeze(ov_opset.broadcast(i, _i64(common)), _i64([-1]))
            for i in indices
        ],
        -1,
    ).output(0)
    rest = [a for a in range(rank) if a not in advanced]
    moved = ov_opset.transpose(output, _i64(advanced + rest)).output(0)
    gathered = ov_opset.gather_nd(moved, stacked, 0).output(0)
    adjacent = advanced == list(range(advanced[0], advanced[-1] + 1))
    if adjacent and advanced[0] > 0:
        # NumPy keeps the broadcast axes where the (adjacent) indexed axes were.
        k = len(common)
        n_rest = len(rest)
        first = advanced[0]
        order = list(range(k, k + first)) + list(range(k)) + list(range(k + first, k + n_rest))
        gathered = ov_opset.transpose(gathered, _i64(order)).output(0)
    return gathered
