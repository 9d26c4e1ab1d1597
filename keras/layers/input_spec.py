"""InputSpec: what a layer accepts (rank, dtype, fixed axes), checked on every call."""

import numbers

from keras.backends.common import tree


class InputSpec:
    """Constraints on one input of a layer.

    Args:
        dtype: the expected dtype, or None.
        shape: the expected shape (None for any size on an axis), or None.
        ndim, max_ndim, min_ndim: rank constraints.
        axes: {axis: size} that must hold (e.g. {-1: 4} for a Dense layer built on 4
            features).
        allow_last_axis_squeeze: accept a trailing axis of size 1 more or less.
        name: the input's name (for dict inputs).
        optional: whether the input may be None.
    """

    def __init__(
        self,
        dtype=None,
        shape=None,
        ndim=None,
        max_ndim=None,
        min_ndim=None,
        axes=None,
        allow_last_axis_squeeze=False,
        name=None,
        optional=False,
    ):
        self.dtype = dtype
        self.shape = tuple(shape) if shape is not None else None
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name = name
        self.optional = optional
        self.axes = {int(k): v for k, v in (axes or {}).items()}
        if self.axes and (self.ndim is not None or self.max_ndim is not None):
            top = (self.ndim if self.ndim is not None else self.max_ndim) - 1
            if max(self.axes) > top:
                raise ValueError(
                    f"InputSpec: axis {max(self.axes)} is out of range for ndim={top + 1}."
                )

    def get_config(self):
        return {
            "dtype": self.dtype,
            "shape": self.shape,
            "ndim": self.ndim,
            "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim,
            "axes": self.axes,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        fields = [
            f"{k}={v}" for k, v in self.get_config().items() if v not in (None, {})
        ]
        return f"InputSpec({', '.join(fields)})"


def _shape(x):
    """`x`'s shape as ints, None for a size not known: a symbolic size (an engine
    tracing with a dynamic batch, as for export) is not asked for its value, which
    would pin it to the size of the example it was traced with."""
    shape = getattr(x, "shape", None)
    if shape is None:
        return None
    return tuple(int(d) if isinstance(d, numbers.Integral) else None for d in shape)


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Raises a ValueError naming the layer, the input and the mismatch."""
    if not input_spec:
        return
    specs = tree.flatten(input_spec)
    if isinstance(inputs, dict) and any(s.name for s in specs):
        flat = [inputs.get(s.name) for s in specs]
    else:
        flat = tree.flatten(inputs)
    if len(flat) != len(specs):
        raise ValueError(
            f'Layer "{layer_name}" expects {len(specs)} input(s), but it received '
            f"{len(flat)} input tensors."
        )
    for index, (spec, x) in enumerate(zip(specs, flat)):
        if spec is None:
            continue
        if x is None:
            if spec.optional:
                continue
            raise ValueError(f'Input {index} of layer "{layer_name}" is None.')
        shape = _shape(x)
        if shape is None:
            raise ValueError(
                f'Input {index} of layer "{layer_name}" is not a tensor: got '
                f"{type(x).__name__}."
            )
        prefix = f'Input {index} of layer "{layer_name}" is incompatible with the layer:'
        ndim = len(shape)
        if spec.ndim is not None and not spec.allow_last_axis_squeeze and ndim != spec.ndim:
            raise ValueError(
                f"{prefix} expected ndim={spec.ndim}, found ndim={ndim}. "
                f"Full shape received: {shape}"
            )
        if spec.max_ndim is not None and ndim > spec.max_ndim:
            raise ValueError(
                f"{prefix} expected max_ndim={spec.max_ndim}, found ndim={ndim}. "
                f"Full shape received: {shape}"
            )
        if spec.min_ndim is not None and ndim < spec.min_ndim:
            raise ValueError(
                f"{prefix} expected min_ndim={spec.min_ndim}, found ndim={ndim}. "
                f"Full shape received: {shape}"
            )
        if spec.dtype is not None:
            from keras.backends.common import dtypes

            got = dtypes.standardize_dtype(x.dtype)
            if got != dtypes.standardize_dtype(spec.dtype):
                raise ValueError(
                    f"{prefix} expected dtype={spec.dtype}, found dtype={got}."
                )
        for axis, size in spec.axes.items():
            if not -ndim <= axis < ndim:
                raise ValueError(
                    f"{prefix} expected axis {axis} of size {size}, but the input has "
                    f"rank {ndim}. Full shape received: {shape}"
                )
            actual = shape[axis]
            if size is not None and actual is not None and actual != size:
                raise ValueError(
                    f"{prefix} expected axis {axis} of input shape to have value {size}, "
                    f"but received input with shape {shape}"
                )
        if spec.shape is not None:
            expected = spec.shape
            got = shape
            if spec.allow_last_axis_squeeze:
                if got and got[-1] == 1:
                    got = got[:-1]
                if expected and expected[-1] == 1:
                    expected = expected[:-1]
            if len(got) != len(expected) or any(
                e is not None and g is not None and e != g for e, g in zip(expected, got)
            ):
                raise ValueError(
                    f"{prefix} expected shape={spec.shape}, found shape={shape}"
                )
