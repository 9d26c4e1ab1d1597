"""The Keras dtype names and their standardisation from any backend's dtype objects."""

import functools

import ml_dtypes
import numpy as np

from keras.backends.common import config

FLOAT_TYPES = (
    "bfloat16",
    "float16",
    "float32",
    "float64",
    "float8_e4m3fn",
    "float8_e5m2",
)
INT_TYPES = (
    "int4",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint4",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
)
COMPLEX_TYPES = ("complex64", "complex128")
ALLOWED_DTYPES = FLOAT_TYPES + INT_TYPES + COMPLEX_TYPES + ("bool", "string")

# Python types and loose names, as Keras 3 maps them.
_PYTHON_TYPES = {
    bool: "bool",
    int: "int64",
    float: "float32",
    complex: "complex128",
    str: "string",
}
_ALIASES = {
    "int": "int64",
    "float": "float32",
    "complex": "complex128",
    "str": "string",
    "double": "float64",
    "half": "float16",
    "boolean": "bool",
    # OpenVINO element type names.
    "f16": "float16",
    "bf16": "bfloat16",
    "f32": "float32",
    "f64": "float64",
    "f8e4m3": "float8_e4m3fn",
    "f8e5m2": "float8_e5m2",
    "i4": "int4",
    "i8": "int8",
    "i16": "int16",
    "i32": "int32",
    "i64": "int64",
    "u4": "uint4",
    "u8": "uint8",
    "u16": "uint16",
    "u32": "uint32",
    "u64": "uint64",
}


def _dtype_name(dtype):
    if isinstance(dtype, str):
        return dtype
    if isinstance(dtype, type) and dtype in _PYTHON_TYPES:
        return _PYTHON_TYPES[dtype]
    # numpy/jax dtypes, tf.DType: `.name`; numpy scalar types (np.float32): `.__name__`;
    # torch.float32: "torch.float32"; openvino Type: get_type_name().
    if hasattr(dtype, "get_type_name"):
        return dtype.get_type_name()
    name = getattr(dtype, "name", None)
    if isinstance(name, str):
        return name
    name = getattr(dtype, "__name__", None)
    if isinstance(name, str):
        return name
    return str(dtype)


def standardize_dtype(dtype=None):
    """Returns the Keras name (e.g. "float32") of any dtype; `None` means floatx.

    Accepts strings, Python types (`float` -> "float32", `int` -> "int64"), and the dtype
    objects of numpy, JAX, PyTorch, TensorFlow and OpenVINO.

    >>> keras.backend.standardize_dtype("float")
    'float32'
    """
    if dtype is None:
        return config.floatx()
    # Keyed by type too: TF dtypes compare equal to Python types.
    key = (type(dtype), dtype)
    try:
        return _STANDARD[key]
    except (KeyError, TypeError):
        pass
    name = _dtype_name(dtype)
    if name.startswith("torch."):
        name = name[len("torch.") :]
    name = _ALIASES.get(name, name)
    if name not in ALLOWED_DTYPES:
        raise ValueError(
            f"Invalid dtype: {dtype!r}. Expected a Keras dtype name such as 'float32' "
            f"(one of {', '.join(ALLOWED_DTYPES)}) or an equivalent backend dtype."
        )
    try:
        _STANDARD[key] = name
    except TypeError:
        pass
    return name


_STANDARD = {}


def is_float_dtype(dtype):
    """True when `dtype` is a floating point dtype (float8 to float64, bfloat16)."""
    return standardize_dtype(dtype) in FLOAT_TYPES


def is_int_dtype(dtype):
    """True when `dtype` is a signed or unsigned integer dtype."""
    return standardize_dtype(dtype) in INT_TYPES


_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1


def _python_scalar_dtype(x):
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return "int32" if _INT32_MIN <= x <= _INT32_MAX else "int64"
    if isinstance(x, float):
        return config.floatx()
    if isinstance(x, complex):
        return "complex64"
    return None


# Order used to combine the element dtypes of a nested Python list.
_KIND_ORDER = ("bool", "int", "float", "complex")


def _kind(dtype):
    if dtype == "bool":
        return "bool"
    if dtype in INT_TYPES:
        return "int"
    if dtype in FLOAT_TYPES:
        return "float"
    return "complex"


def infer_dtype(x):
    """The dtype `convert_to_tensor(x)` gives when no dtype is asked for.

    Arrays and tensors keep their dtype. Python scalars follow Keras 3: bool -> "bool",
    int -> "int32" (int64 beyond int32's range), float -> floatx, complex -> "complex64".
    Nested lists take the widest kind among their elements (bool < int < float < complex);
    an empty list is floatx.
    """
    if hasattr(x, "dtype"):
        return standardize_dtype(x.dtype)
    scalar = _python_scalar_dtype(x)
    if scalar is not None:
        return scalar
    if isinstance(x, (list, tuple)):
        found = [infer_dtype(item) for item in x]
        if not found:
            return config.floatx()
        widest = max(found, key=lambda d: _KIND_ORDER.index(_kind(d)))
        kind = _kind(widest)
        same_kind = [d for d in found if _kind(d) == kind]
        if len(set(same_kind)) == 1:
            return widest
        return {"int": "int64", "float": config.floatx(), "complex": "complex64"}[kind]
    if isinstance(x, str):
        return "string"
    raise TypeError(
        f"Cannot convert an object of type {type(x).__name__} to a tensor: expected an "
        "array, a tensor, a Variable, a Python number or a (nested) list of them."
    )


# Dtypes numpy knows only through ml_dtypes.
_ML_DTYPES = {
    "bfloat16": ml_dtypes.bfloat16,
    "float8_e4m3fn": ml_dtypes.float8_e4m3fn,
    "float8_e5m2": ml_dtypes.float8_e5m2,
    "int4": ml_dtypes.int4,
    "uint4": ml_dtypes.uint4,
}


def numpy_dtype(dtype):
    """The numpy dtype of a Keras dtype ("string" is numpy's object dtype)."""
    name = standardize_dtype(dtype)
    if name == "string":
        return np.dtype(object)
    return np.dtype(_ML_DTYPES.get(name, name))


# Type promotion: the least upper bound on a lattice in the style of JAX's, where Python
# scalars are "weak" (i*, f*, c*) and give way to the dtype of the tensor they meet:
# int8 tensor + 1 -> int8, float16 tensor + 1.5 -> float16, int32 tensor + 1.5 -> float32.
_LATTICE = {
    "bool": ["i*"],
    "i*": ["uint8", "int8"],
    "uint8": ["uint16", "int16"],
    "uint16": ["uint32", "int32"],
    "uint32": ["uint64", "int64"],
    "uint64": ["f*"],
    "int8": ["int16"],
    "int16": ["int32"],
    "int32": ["int64"],
    "int64": ["f*"],
    "f*": ["bfloat16", "float16", "c*"],
    "bfloat16": ["float32"],
    "float16": ["float32"],
    "float32": ["float64", "complex64"],
    "float64": ["complex128"],
    "c*": ["complex64"],
    "complex64": ["complex128"],
    "complex128": [],
}


def _upper_set(node, cache={}):
    if node not in cache:
        found = {node}
        for parent in _LATTICE[node]:
            found |= _upper_set(parent)
        cache[node] = frozenset(found)
    return cache[node]


def _least_upper_bound(nodes):
    common = frozenset.intersection(*(_upper_set(n) for n in nodes))
    # The bound is the element of `common` that every other element of `common` is above.
    for candidate in common:
        if common <= _upper_set(candidate):
            return candidate
    raise ValueError(f"No common dtype for {sorted(nodes)}.")


_WEAK = {"int": "i*", "float": "f*", "complex": "c*"}

# As in Keras 3 (and JAX's default), results never widen to 64 bits.
_NARROW_64 = {
    "int64": "int32",
    "uint64": "uint32",
    "float64": "float32",
    "complex128": "complex64",
}


def _as_lattice_node(dtype):
    """(node, weak): Python scalar types are weak, everything else is standardised."""
    # Identity checks: TensorFlow dtypes compare equal to Python types (tf.float32 == float).
    if dtype is bool:
        return "bool", False
    if dtype is int or dtype is float or dtype is complex:
        return _WEAK[dtype.__name__], True
    name = standardize_dtype(dtype)
    if name in ("float8_e4m3fn", "float8_e5m2"):
        raise ValueError(
            f"There is no implicit promotion from float8 dtypes; cast explicitly first. "
            f"Received: {name}"
        )
    if name in ("int4", "uint4", "string"):
        raise ValueError(f"dtype {name!r} takes no part in type promotion.")
    return name, False


def _resolve_weak(node):
    """The concrete dtype of a weak result, at the precision of floatx (e.g. "32")."""
    bits = config.floatx()[-2:]
    return {"i*": f"int{bits}", "f*": f"float{bits}", "c*": "complex64"}[node]


def result_type(*dtypes):
    """The dtype of an op's result on inputs of `dtypes` (Keras 3 promotion rules).

    Accepts dtype names, backend dtypes and the Python types `bool`, `int`, `float`,
    `complex` (the "weak" dtypes of Python scalars, which defer to tensor dtypes). With no
    argument the result is floatx. 64-bit results are narrowed to 32 bits, as in Keras 3.

    >>> keras.backend.result_type("int8", "uint8")
    'int16'
    >>> keras.backend.result_type("float16", float)
    'float16'
    >>> keras.backend.result_type("int32", float)
    'float32'
    """
    if not dtypes:
        return config.floatx()
    nodes = [_as_lattice_node(config.floatx() if d is None else d) for d in dtypes]
    names = {node for node, _ in nodes}
    if len(names) == 1:
        out = next(iter(names))
    else:
        out = _least_upper_bound(names)
    if out in ("i*", "f*", "c*"):
        out = _resolve_weak(out)
    return _NARROW_64.get(out, out)


_WIDEN_32 = {narrow: wide for wide, narrow in _NARROW_64.items()}


def result_type_keeping_64(*dtypes):
    """`result_type(*dtypes)`, but 64-bit when an input has that 64-bit dtype.

    `result_type` narrows 64-bit results to 32 bits, as Keras 3's does; the ops that
    compute in the dtype of their inputs (activations, losses, convolutions, ...) give
    float64 for float64 inputs on the backends that hold 64-bit values, and so does
    their symbolic output, as in Keras 3.

    >>> result_type_keeping_64("float64", "int32")
    'float64'
    """
    out = result_type(*dtypes)
    wide = _WIDEN_32.get(out)
    if wide is not None and any(
        isinstance(d, str) and standardize_dtype(d) == wide for d in dtypes
    ):
        return wide
    return out


def dtype_of(value):
    """A hashable dtype key of `value` for `promoted_dtype`: the tensor's own dtype, the
    Python type of a scalar, or the inferred Keras dtype of a (nested) list."""
    dtype = getattr(value, "dtype", None)
    if dtype is not None:
        # Names, not engine dtype objects: those may compare equal to Python types.
        return standardize_dtype(dtype)
    if isinstance(value, (bool, int, float, complex)):
        return type(value)
    return infer_dtype(value)


@functools.lru_cache(maxsize=1024)
def _cached_result_type(floatx_, *keys):
    return result_type(*keys)


def promoted_dtype(*values):
    """The Keras result dtype of an op on `values` (tensors, Variables, Python scalars)."""
    return _cached_result_type(config.floatx(), *(dtype_of(v) for v in values))
