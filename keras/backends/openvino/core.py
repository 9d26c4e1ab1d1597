"""OpenVINO backend: tensors wrap an output of an OpenVINO graph node.

Ops build the graph lazily; `convert_to_numpy` evaluates it (constants are read directly,
anything else is compiled for the CPU and run).
"""

import numpy as np
import openvino as ov
from openvino import opset14 as ov_opset

from keras.backends.common import array_utils
from keras.backends.common import dtypes
from keras.backends.common import variables

SUPPORTS_SPARSE_TENSORS = False
SUPPORTS_RAGGED_TENSORS = False
IS_THREAD_SAFE = True

_core = None


def _compiled(output):
    global _core
    if _core is None:
        _core = ov.Core()
    model = ov.Model([output], [])
    # The CPU plugin would otherwise run float32 graphs in bf16 on CPUs that have it.
    config = {"INFERENCE_PRECISION_HINT": "f32"}
    return _core.compile_model(model, "CPU", config)


def _ov_type(dtype):
    name = dtypes.standardize_dtype(dtype)
    try:
        return ov.Type(dtypes.numpy_dtype(name))
    except Exception:
        raise ValueError(f"dtype {name!r} is not supported by the openvino backend.") from None


class OpenVINOTensor:
    """An eager tensor of the openvino backend: one output of a graph node."""

    def __init__(self, output):
        self.output = output

    @property
    def dtype(self):
        return dtypes.standardize_dtype(self.output.get_element_type())

    @property
    def shape(self):
        return tuple(d.get_length() for d in self.output.get_partial_shape())

    @property
    def ndim(self):
        return len(self.output.get_partial_shape())

    def numpy(self):
        node = self.output.get_node()
        if node.get_type_name() == "Constant":
            return np.array(node.get_data())
        return np.array(_compiled(self.output)({})[0])

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.numpy(), dtype=dtype)

    def __repr__(self):
        return f"<OpenVINOTensor shape={self.shape}, dtype={self.dtype}>"


# The type of plain eager tensors (fast paths test `type(x) is EAGER_TENSOR`).
EAGER_TENSOR = OpenVINOTensor


class Variable(variables.Variable):
    """A Variable whose value is a constant node (replaced on assignment)."""

    def _convert(self, value):
        return convert_to_tensor(value, dtype=self._dtype)

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
    if dtype is None:
        dtype = dtypes.infer_dtype(x)
    if isinstance(x, OpenVINOTensor):
        return x if x.dtype == dtypes.standardize_dtype(dtype) else cast(x, dtype)
    target = dtypes.numpy_dtype(dtype)
    _ov_type(target)
    array = np.asarray(x, dtype=target)
    return OpenVINOTensor(ov_opset.constant(array).output(0))


def convert_to_numpy(x):
    """Returns `x` as a NumPy array, evaluating its graph if needed."""
    if isinstance(x, variables.Variable):
        x = x.value
    if isinstance(x, OpenVINOTensor):
        return x.numpy()
    return np.asarray(x)


def is_tensor(x):
    """True for OpenVINOTensors."""
    return isinstance(x, OpenVINOTensor)


def cast(x, dtype):
    """Casts `x` to `dtype` (a Convert node)."""
    x = convert_to_tensor(x)
    return OpenVINOTensor(ov_opset.convert(x.output, _ov_type(dtype)).output(0))


shape = array_utils.shape


promote = array_utils.make_promote(convert_to_tensor)
