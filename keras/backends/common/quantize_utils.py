"""What the backends' fused `abs_max_quantize` entries share (keras.ops.fused gives
the composition): which calls they take, as hashable static arguments."""

from keras.backends.common import dtypes as dtypes_lib

_FLOATS = frozenset(("float16", "bfloat16", "float32", "float64"))


def abs_max_static(x_dtype, axis, value_range, dtype, epsilon):
    """`(axis, value_range, dtype, epsilon)` as hashable Python values for a fused
    entry, or None (the entry declines): floating inputs only (an integer input's
    scale is cast back to its integer dtype by the composition), integer bounds, a
    Python-number epsilon, an int / tuple-of-ints / None axis."""
    if x_dtype not in _FLOATS:
        return None
    if axis is not None:
        if isinstance(axis, int):
            axis = int(axis)
        elif isinstance(axis, (tuple, list)) and all(isinstance(a, int) for a in axis):
            axis = tuple(int(a) for a in axis)
        else:
            return None
    if len(value_range) != 2 or not all(
        isinstance(v, int) or (hasattr(v, "is_integer") and v.is_integer())
        for v in value_range
    ):
        return None
    if type(epsilon) not in (int, float):
        return None
    try:
        dtype = dtypes_lib.standardize_dtype(dtype)  # np.int8, tf.int8, "int8", ...
    except (TypeError, ValueError):
        return None
    return axis, (int(value_range[0]), int(value_range[1])), dtype, float(epsilon)
