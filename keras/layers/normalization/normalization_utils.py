"""What the normalization layers share: axis handling and float32 computation."""

from keras import ops

_LOW_PRECISION = ("float16", "bfloat16")


def canonical_axes(axis, ndim, layer_name, argument="axis"):
    """`axis` (an int or a list/tuple of ints) as a sorted tuple of non-negative axes of
    a tensor of rank `ndim`; a ValueError names the layer otherwise."""
    axes = [axis] if isinstance(axis, int) else list(axis)
    canonical = []
    for a in axes:
        if not isinstance(a, int) or isinstance(a, bool):
            raise TypeError(
                f"{layer_name}: `{argument}` must be an int or a list of ints; got "
                f"{axis!r}."
            )
        if not -ndim <= a < ndim:
            raise ValueError(
                f"{layer_name}: `{argument}`={axis!r} is out of range for inputs of rank "
                f"{ndim}."
            )
        canonical.append(a % ndim)
    if len(set(canonical)) != len(canonical):
        raise ValueError(f"{layer_name}: `{argument}`={axis!r} repeats an axis.")
    return tuple(sorted(canonical))


def check_axis_argument(axis, layer_name):
    """`axis` as given to a constructor: an int, or a list of ints (kept as a list)."""
    if isinstance(axis, int) and not isinstance(axis, bool):
        return axis
    if isinstance(axis, (list, tuple)) and axis and all(
        isinstance(a, int) and not isinstance(a, bool) for a in axis
    ):
        return list(axis)
    raise TypeError(
        f"{layer_name}: `axis` must be an int or a non-empty list of ints; got {axis!r}."
    )


def upcast(x):
    """`x` in float32 when it is float16/bfloat16 (statistics are computed in float32),
    and the dtype to cast the result back to (None when unchanged)."""
    dtype = ops.dtype(x)
    if dtype in _LOW_PRECISION:
        return ops.cast(x, "float32"), dtype
    return x, None


def broadcast_shape(ndim, axes, sizes):
    """The shape that makes a vector over `axes` (of these sizes) broadcast against a
    tensor of rank `ndim`."""
    shape = [1] * ndim
    for a, size in zip(axes, sizes):
        shape[a] = size
    return shape
