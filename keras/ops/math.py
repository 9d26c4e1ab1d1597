"""keras.ops: math ops beyond NumPy's (special functions, top-k, segment reductions,
logsumexp, distances, sequence framing, rearrange).

Every op follows keras/ops/unary.py: a public function whose eager path checks its
Python arguments and calls `active.math`, and an Operation subclass for KerasTensor
inputs. Dtypes: floating ops (erf, erfc, erfinv, rsqrt, logsumexp, cdist) give floatx
for int and bool inputs and keep float16/bfloat16/float64; top_k keeps the dtype of `x`
with int32 indices; the segment reductions keep the dtype of `data`.
"""

import functools
import operator
import re

from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = [
    "cdist",
    "erf",
    "erfc",
    "erfinv",
    "extract_sequences",
    "in_top_k",
    "logsumexp",
    "rearrange",
    "rsqrt",
    "segment_max",
    "segment_min",
    "segment_prod",
    "segment_sum",
    "top_k",
]


def _dtype(x):
    return dtypes.standardize_dtype(symbolic.dtype_of(x))


def _float_dtype(*xs):
    """The floating result dtype of inputs `xs`: a float dtype they share is kept
    (float64 too), ints and bools give floatx."""
    names = {_dtype(x) for x in xs}
    if len(names) == 1:
        (name,) = names
        if dtypes.is_float_dtype(name):
            return name
    return dtypes.result_type(*names, float)


def _count(value, name, minimum=0):
    """`value` (an int, or a tensor holding one) as a Python int >= `minimum`."""
    if isinstance(value, bool):
        raise TypeError(f"`{name}` must be an int; got {value!r}.")
    try:
        count = operator.index(value)
    except TypeError:
        raise TypeError(f"`{name}` must be an int; got {value!r}.") from None
    if count < minimum:
        raise ValueError(f"`{name}` must be >= {minimum}; got {count}.")
    return count


def _check_rank(x, name, op, minimum):
    shape = symbolic.shape_of(x)
    if len(shape) < minimum:
        raise ValueError(
            f"`{op}` expects `{name}` of rank >= {minimum}; got shape {shape}."
        )
    return shape


def _check_int_tensor(x, name, op):
    dtype = _dtype(x)
    if not dtypes.is_int_dtype(dtype):
        raise TypeError(
            f"`{op}` expects an integer tensor `{name}`; got dtype {dtype}."
        )


# Element-wise special functions.


class _FloatElementwise(Operation):
    """An element-wise op with a floating result: `active.math.<_function>`."""

    _function = None

    def call(self, x):
        return getattr(active.math, self._function)(x)

    def compute_output_spec(self, x):
        return KerasTensor(symbolic.shape_of(x), dtype=_float_dtype(x))


class Erf(_FloatElementwise):
    _function = "erf"


def erf(x):
    """The error function, element-wise: `2/sqrt(pi) * integral_0^x exp(-t^2) dt`.

    Args:
        x: input tensor.

    Returns:
        `erf(x)`, as floats (floatx for int and bool `x`).

    >>> keras.ops.erf(keras.ops.array([0.0, 0.5]))
    array([0.       , 0.5204999], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Erf().symbolic_call(x)
    return active.math.erf(x)


class Erfc(_FloatElementwise):
    _function = "erfc"


def erfc(x):
    """The complementary error function, element-wise: `erfc(x) = 1 - erf(x)`,
    accurate where `erf(x)` is close to 1.

    Args:
        x: input tensor.

    Returns:
        `erfc(x)`, as floats (floatx for int and bool `x`).

    >>> keras.ops.erfc(keras.ops.array([0.0, 1.0]))
    array([1.       , 0.1572992], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Erfc().symbolic_call(x)
    return active.math.erfc(x)


class Erfinv(_FloatElementwise):
    _function = "erfinv"


def erfinv(x):
    """The inverse error function, element-wise: `erf(erfinv(x)) = x` on (-1, 1).

    Args:
        x: input tensor.

    Returns:
        `erfinv(x)`, as floats (floatx for int and bool `x`): -inf and inf at -1 and
        1, NaN outside [-1, 1].

    >>> keras.ops.erfinv(keras.ops.array([0.0, 0.5]))
    array([0.        , 0.47693628], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Erfinv().symbolic_call(x)
    return active.math.erfinv(x)


class Rsqrt(_FloatElementwise):
    _function = "rsqrt"


def rsqrt(x):
    """The reciprocal square root `1 / sqrt(x)`, element-wise.

    Args:
        x: input tensor.

    Returns:
        `1 / sqrt(x)`, as floats (floatx for int and bool `x`): inf at 0, NaN for
        negative real `x`.

    >>> keras.ops.rsqrt(keras.ops.array([1.0, 4.0]))
    array([1. , 0.5], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Rsqrt().symbolic_call(x)
    return active.math.rsqrt(x)


# Reductions.


class Logsumexp(Operation):
    def __init__(self, axis=None, keepdims=False, name=None):
        super().__init__(name=name)
        self.axis = axis
        self.keepdims = keepdims

    def call(self, x):
        return active.math.logsumexp(x, self.axis, self.keepdims)

    def compute_output_spec(self, x):
        shape = symbolic.reduce_shape(symbolic.shape_of(x), self.axis, self.keepdims)
        return KerasTensor(shape, dtype=_float_dtype(x))

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "keepdims": self.keepdims}


def logsumexp(x, axis=None, keepdims=False):
    """`log(sum(exp(x)))` along `axis`, computed without overflow.

    The maximum along `axis` is subtracted before exponentiating, so large inputs do
    not overflow; a slice of only -inf gives -inf, one with +inf gives inf.

    Args:
        x: input tensor.
        axis: int, tuple or list of ints, or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The log-sum-exp, as floats (floatx for int and bool `x`).

    >>> keras.ops.logsumexp(keras.ops.array([1000.0, 1000.0]))
    array(1000.6932, dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Logsumexp(axis, keepdims).symbolic_call(x)
    return active.math.logsumexp(x, axis, keepdims)


# Top-k.


def _top_k_shape(x, k):
    shape = _check_rank(x, "x", "top_k", 1)
    if shape[-1] is not None and k > shape[-1]:
        raise ValueError(
            f"`top_k`: `k`={k} is larger than the last dim of `x` (shape {shape})."
        )
    return shape[:-1] + (k,)


class TopK(Operation):
    def __init__(self, k, sorted=True, name=None):
        super().__init__(name=name)
        self.k = k
        self.sorted = sorted

    def call(self, x):
        return active.math.top_k(x, self.k, self.sorted)

    def compute_output_spec(self, x):
        shape = _top_k_shape(x, self.k)
        return (
            KerasTensor(shape, dtype=_dtype(x)),
            KerasTensor(shape, dtype="int32"),
        )

    def get_config(self):
        return {**super().get_config(), "k": self.k, "sorted": self.sorted}


def top_k(x, k, sorted=True):
    """The `k` largest values along the last axis of `x`, and their indices.

    NaN counts as larger than every number. Among equal values the lower index comes
    first on numpy, jax and tensorflow; torch may pick another of the equal values.

    Args:
        x: tensor of rank >= 1.
        k: number of values to return, 0 <= k <= x.shape[-1].
        sorted: return the values in descending order (with False the order is left
            to the backend).

    Returns:
        A tuple `(values, indices)` of shape `x.shape[:-1] + (k,)`: the values in the
        dtype of `x`, the indices int32.

    >>> keras.ops.top_k(keras.ops.array([3.0, 1.0, 4.0, 1.5]), 2)
    (array([4., 3.], dtype=float32), array([2, 0], dtype=int32))
    """
    k = _count(k, "k")
    if isinstance(x, KerasTensor):
        return TopK(k, sorted).symbolic_call(x)
    _top_k_shape(x, k)
    return active.math.top_k(x, k, sorted)


def _in_top_k_shape(targets, predictions):
    _check_int_tensor(targets, "targets", "in_top_k")
    shape = _check_rank(predictions, "predictions", "in_top_k", 1)
    target_shape = symbolic.shape_of(targets)
    batch = shape[:-1]
    matches = len(target_shape) == len(batch) and all(
        a is None or b is None or a == b for a, b in zip(target_shape, batch)
    )
    if not matches:
        raise ValueError(
            "`in_top_k` expects `targets` of shape `predictions.shape[:-1]`; got "
            f"targets of shape {target_shape} and predictions of shape {shape}."
        )
    return tuple(a if a is not None else b for a, b in zip(target_shape, batch))


class InTopK(Operation):
    def __init__(self, k, name=None):
        super().__init__(name=name)
        self.k = k

    def call(self, targets, predictions):
        return active.math.in_top_k(targets, predictions, self.k)

    def compute_output_spec(self, targets, predictions):
        return KerasTensor(_in_top_k_shape(targets, predictions), dtype="bool")

    def get_config(self):
        return {**super().get_config(), "k": self.k}


def in_top_k(targets, predictions, k):
    """Whether each target class is among the `k` largest predictions of its row.

    A target is in the top `k` when fewer than `k` predictions of its row are strictly
    larger than its own, so classes tied at the boundary all count as in. A target out
    of range, or in a row with a non-finite prediction (NaN, inf), is not in the top
    `k` (as `tf.math.in_top_k` decides).

    Args:
        targets: integer tensor of class indices, of shape `predictions.shape[:-1]`.
        predictions: tensor of scores, classes along the last axis.
        k: number of top predictions to consider (an int >= 0).

    Returns:
        A bool tensor of the shape of `targets`.

    >>> scores = keras.ops.array([[0.1, 0.7, 0.2], [0.5, 0.4, 0.1]])
    >>> keras.ops.in_top_k(keras.ops.array([1, 2]), scores, 2)
    array([ True, False])
    """
    k = _count(k, "k")
    if isinstance(targets, KerasTensor) or isinstance(predictions, KerasTensor):
        return InTopK(k).symbolic_call(targets, predictions)
    _in_top_k_shape(targets, predictions)
    return active.math.in_top_k(targets, predictions, k)


# Segment reductions.


def _segment_shape(op, data, segment_ids, num_segments):
    _check_int_tensor(segment_ids, "segment_ids", op)
    ids_shape = symbolic.shape_of(segment_ids)
    shape = _check_rank(data, "data", op, 1)
    if len(ids_shape) != 1:
        raise ValueError(
            f"`{op}` expects 1-D `segment_ids` (one id per row of `data`); got shape "
            f"{ids_shape}."
        )
    if None not in (ids_shape[0], shape[0]) and ids_shape[0] != shape[0]:
        raise ValueError(
            f"`{op}`: `segment_ids` has {ids_shape[0]} ids but `data` has {shape[0]} "
            f"rows (shape {shape})."
        )
    return (num_segments,) + shape[1:]


class _Segment(Operation):
    _function = None

    def __init__(self, num_segments=None, sorted=False, name=None):
        super().__init__(name=name)
        self.num_segments = num_segments
        self.sorted = sorted

    def call(self, data, segment_ids):
        function = getattr(active.math, self._function)
        return function(data, segment_ids, self.num_segments, self.sorted)

    def compute_output_spec(self, data, segment_ids):
        shape = _segment_shape(self._function, data, segment_ids, self.num_segments)
        return KerasTensor(shape, dtype=_dtype(data))

    def get_config(self):
        return {
            **super().get_config(),
            "num_segments": self.num_segments,
            "sorted": self.sorted,
        }


class SegmentSum(_Segment):
    _function = "segment_sum"


class SegmentMax(_Segment):
    _function = "segment_max"


class SegmentMin(_Segment):
    _function = "segment_min"


class SegmentProd(_Segment):
    _function = "segment_prod"


def _segment(op_class, data, segment_ids, num_segments, sorted):
    if num_segments is not None:
        num_segments = _count(num_segments, "num_segments")
    if isinstance(data, KerasTensor) or isinstance(segment_ids, KerasTensor):
        return op_class(num_segments, sorted).symbolic_call(data, segment_ids)
    _segment_shape(op_class._function, data, segment_ids, num_segments)
    function = getattr(active.math, op_class._function)
    return function(data, segment_ids, num_segments, sorted)


_SEGMENT_ARGS = """
    Args:
        data: tensor whose rows (axis 0) are reduced.
        segment_ids: 1-D integer tensor, the segment of each row of `data`. Rows with
            an id < 0 or >= `num_segments` are left out.
        num_segments: number of segments; None: `max(segment_ids) + 1`, read from the
            values (not possible inside `jax.jit`).
        sorted: whether `segment_ids` is sorted (a hint some backends use; the
            result is the same either way when it is true).
"""


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    """The sum of the rows of `data` in each segment (0 for an empty segment).
    {args}
    Returns:
        A tensor of shape `(num_segments,) + data.shape[1:]` in the dtype of `data`
        (for bools, whether any row is True).

    >>> data = keras.ops.array([1.0, 2.0, 3.0])
    >>> keras.ops.segment_sum(data, keras.ops.array([0, 0, 1]))
    array([3., 3.], dtype=float32)
    """
    return _segment(SegmentSum, data, segment_ids, num_segments, sorted)


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    """The maximum of the rows of `data` in each segment (-inf, or the lowest value
    of an int dtype, for an empty segment).
    {args}
    Returns:
        A tensor of shape `(num_segments,) + data.shape[1:]` in the dtype of `data`.

    >>> data = keras.ops.array([1.0, 2.0, 3.0])
    >>> keras.ops.segment_max(data, keras.ops.array([0, 0, 1]))
    array([2., 3.], dtype=float32)
    """
    return _segment(SegmentMax, data, segment_ids, num_segments, sorted)


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    """The minimum of the rows of `data` in each segment (inf, or the highest value
    of an int dtype, for an empty segment).
    {args}
    Returns:
        A tensor of shape `(num_segments,) + data.shape[1:]` in the dtype of `data`.

    >>> data = keras.ops.array([1.0, 2.0, 3.0])
    >>> keras.ops.segment_min(data, keras.ops.array([0, 0, 1]))
    array([1., 3.], dtype=float32)
    """
    return _segment(SegmentMin, data, segment_ids, num_segments, sorted)


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    """The product of the rows of `data` in each segment (1 for an empty segment).
    {args}
    Returns:
        A tensor of shape `(num_segments,) + data.shape[1:]` in the dtype of `data`
        (for bools, whether every row is True).

    >>> data = keras.ops.array([2.0, 3.0, 4.0])
    >>> keras.ops.segment_prod(data, keras.ops.array([0, 0, 1]))
    array([6., 4.], dtype=float32)
    """
    return _segment(SegmentProd, data, segment_ids, num_segments, sorted)


for _op in (segment_sum, segment_max, segment_min, segment_prod):
    _op.__doc__ = _op.__doc__.replace("{args}", _SEGMENT_ARGS.strip("\n"))


# Distances and sequences.


def _cdist_shape(x, y):
    a = _check_rank(x, "x", "cdist", 2)
    b = _check_rank(y, "y", "cdist", 2)
    if None not in (a[-1], b[-1]) and a[-1] != b[-1]:
        raise ValueError(
            "`cdist` expects `x` and `y` with the same last dim (the point size); got "
            f"shapes {a} and {b}."
        )
    batch = symbolic.broadcast_shapes(a[:-2], b[:-2])
    return batch + (a[-2], b[-2])


class Cdist(Operation):
    def call(self, x, y):
        return active.math.cdist(x, y)

    def compute_output_spec(self, x, y):
        return KerasTensor(_cdist_shape(x, y), dtype=_float_dtype(x, y))


def cdist(x, y):
    """The Euclidean distances between every point of `x` and every point of `y`.

    Args:
        x: tensor of shape `(..., m, d)`: `m` points of size `d`.
        y: tensor of shape `(..., n, d)`; the leading dims broadcast with those of `x`.

    Returns:
        A tensor of shape `(..., m, n)`, `out[..., i, j]` the distance between
        `x[..., i, :]` and `y[..., j, :]`,
        as floats (floatx for int and bool inputs).

    >>> keras.ops.cdist(keras.ops.array([[0.0, 0.0]]), keras.ops.array([[3.0, 4.0]]))
    array([[5.]], dtype=float32)
    """
    if isinstance(x, KerasTensor) or isinstance(y, KerasTensor):
        return Cdist().symbolic_call(x, y)
    _cdist_shape(x, y)
    return active.math.cdist(x, y)


class ExtractSequences(Operation):
    def __init__(self, sequence_length, sequence_stride, name=None):
        super().__init__(name=name)
        self.sequence_length = sequence_length
        self.sequence_stride = sequence_stride

    def call(self, x):
        return active.math.extract_sequences(
            x, self.sequence_length, self.sequence_stride
        )

    def compute_output_spec(self, x):
        shape = _check_rank(x, "x", "extract_sequences", 1)
        length, stride = self.sequence_length, self.sequence_stride
        n = shape[-1]
        count = None if n is None else max(0, (n - length) // stride + 1)
        return KerasTensor(shape[:-1] + (count, length), dtype=_dtype(x))

    def get_config(self):
        return {
            **super().get_config(),
            "sequence_length": self.sequence_length,
            "sequence_stride": self.sequence_stride,
        }


def extract_sequences(x, sequence_length, sequence_stride):
    """Frames of `sequence_length` consecutive values along the last axis of `x`,
    starting every `sequence_stride` values (the frames of a signal, as for an STFT).

    Args:
        x: tensor of rank >= 1.
        sequence_length: length of each frame (an int >= 1).
        sequence_stride: distance between the starts of consecutive frames (>= 1).

    Returns:
        A tensor of shape `x.shape[:-1] + (count, sequence_length)` in the dtype of
        `x`, where `count = (x.shape[-1] - sequence_length) // sequence_stride + 1`
        (0 when `x` is shorter than one frame); values left after the last whole frame
        are dropped.

    >>> keras.ops.extract_sequences(keras.ops.arange(6), 3, 2)
    array([[0, 1, 2],
           [2, 3, 4]], dtype=int32)
    """
    sequence_length = _count(sequence_length, "sequence_length", 1)
    sequence_stride = _count(sequence_stride, "sequence_stride", 1)
    if isinstance(x, KerasTensor):
        return ExtractSequences(sequence_length, sequence_stride).symbolic_call(x)
    _check_rank(x, "x", "extract_sequences", 1)
    return active.math.extract_sequences(x, sequence_length, sequence_stride)


# rearrange: einops-style patterns.

_TOKEN = re.compile(r"\s*(\.\.\.|[A-Za-z_][A-Za-z0-9_]*|\d+|\(|\)|->|\S)")
_ELLIPSIS = "..."


def _parse_side(text, pattern, side):
    """The groups of one side of a pattern: a list whose items are lists of axis
    names (a bare name is a group of one, `1` and `()` are empty groups of size 1),
    or the string "..." for a bare ellipsis (the axes the pattern does not name, each
    its own axis; "(...)" groups them into one)."""
    groups = []
    current = None
    for token in _TOKEN.findall(text):
        if token == "(":
            if current is not None:
                raise ValueError(
                    f"`rearrange`: nested parentheses in `pattern` {pattern!r}."
                )
            current = []
        elif token == ")":
            if current is None:
                raise ValueError(
                    f"`rearrange`: unbalanced ')' in `pattern` {pattern!r}."
                )
            groups.append(current)
            current = None
        elif token == _ELLIPSIS or token.isidentifier():
            if token == _ELLIPSIS and current is not None and side == "input":
                raise ValueError(
                    "`rearrange`: '...' may not be grouped in parentheses on the input "
                    f"side of `pattern` {pattern!r}."
                )
            if current is None:
                groups.append(token if token == _ELLIPSIS else [token])
            else:
                current.append(token)
        elif token == "1":
            if current is None:
                groups.append([])
        else:
            raise ValueError(
                f"`rearrange`: unexpected {token!r} in `pattern` {pattern!r} (expected "
                "axis names, '...', '1' or parentheses)."
            )
    if current is not None:
        raise ValueError(f"`rearrange`: unbalanced '(' in `pattern` {pattern!r}.")
    names = [name for group in groups for name in _names(group)]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(
            f"`rearrange`: the {side} side of `pattern` {pattern!r} repeats {repeated}."
        )
    return groups


def _names(group):
    return [group] if group == _ELLIPSIS else group


def _parse(pattern):
    if not isinstance(pattern, str) or pattern.count("->") != 1:
        raise ValueError(
            "`rearrange` expects a `pattern` of the form 'input axes -> output axes'; "
            f"got {pattern!r}."
        )
    return _parse_pattern(pattern)


# Eager calls parse the same few patterns over and over (the groups are never mutated).
@functools.lru_cache(maxsize=256)
def _parse_pattern(pattern):
    left, right = pattern.split("->")
    inputs = _parse_side(left, pattern, "input")
    outputs = _parse_side(right, pattern, "output")
    in_names = {n for group in inputs for n in _names(group)}
    out_names = {n for group in outputs for n in _names(group)}
    if in_names != out_names:
        raise ValueError(
            f"`rearrange`: the axes {sorted(in_names ^ out_names)} of `pattern` "
            f"{pattern!r} appear on one side only."
        )
    return inputs, outputs


def _product(values):
    result = 1
    for value in values:
        if value is None:
            return None
        result = result * value
    return result


def _known(value):
    return isinstance(value, int)


def _same_shape(a, b):
    """Whether shapes `a` and `b` are known to be equal (a dim may be a scalar tensor
    inside a traced function, which is never known to match)."""
    if len(a) != len(b):
        return False
    return all(_known(x) and _known(y) and x == y for x, y in zip(a, b))


def _input_lengths(inputs, shape, axes_lengths, pattern):
    """{axis name: length} for every elementary axis of the input, with '...' expanded
    into one name per axis it covers."""
    has_ellipsis = _ELLIPSIS in inputs
    named = len(inputs) - has_ellipsis
    if (len(shape) < named) if has_ellipsis else (len(shape) != named):
        expected = f">= {named}" if has_ellipsis else f"{named}"
        raise ValueError(
            f"`rearrange`: `pattern` {pattern!r} expects a tensor of rank {expected}; "
            f"got shape {tuple(shape)}."
        )
    lengths = {}
    dims = list(shape)
    expanded = []
    for group in inputs:
        if group == _ELLIPSIS:
            for i in range(len(shape) - named):
                name = f"{_ELLIPSIS}{i}"
                lengths[name] = dims.pop(0)
                expanded.append([name])
            continue
        dim = dims.pop(0)
        unknown = [n for n in group if n not in axes_lengths]
        known = _product(axes_lengths[n] for n in group if n in axes_lengths)
        if len(unknown) > 1:
            raise ValueError(
                f"`rearrange`: cannot infer the lengths of {unknown} in `pattern` "
                f"{pattern!r}; give all but one of them as keyword arguments."
            )
        if unknown:
            length = None if dim is None else dim // known
            if _known(dim) and dim % known:
                raise ValueError(
                    f"`rearrange`: an axis of length {dim} cannot be split into "
                    f"{group} with {known} for the given axes in `pattern` {pattern!r}."
                )
            lengths[unknown[0]] = length
        elif _known(dim) and dim != known:
            raise ValueError(
                f"`rearrange`: the axes {group} of `pattern` {pattern!r} have lengths "
                f"multiplying to {known}, but the tensor's axis has length {dim}."
            )
        for name in group:
            if name in axes_lengths:
                lengths[name] = axes_lengths[name]
        expanded.append(list(group))
    return lengths, expanded


def _expand_output(outputs, count):
    names = [f"{_ELLIPSIS}{i}" for i in range(count)]
    expanded = []
    for group in outputs:
        if group == _ELLIPSIS:
            expanded.extend([name] for name in names)
            continue
        flat = []
        for name in group:
            flat.extend(names if name == _ELLIPSIS else [name])
        expanded.append(flat)
    return expanded


def _rearrange_plan(pattern, shape, axes_lengths):
    """(elementary shape, permutation, output shape) of `rearrange`: reshape to the
    first, transpose by the second, reshape to the third."""
    inputs, outputs = _parse(pattern)
    names = {n for group in inputs for n in _names(group)}
    for name, length in axes_lengths.items():
        if name not in names:
            raise ValueError(
                f"`rearrange`: `{name}`={length!r} names no axis of `pattern` "
                f"{pattern!r}."
            )
        _count(length, name, 1)
    lengths, expanded_in = _input_lengths(inputs, shape, axes_lengths, pattern)
    count = sum(1 for name in lengths if name.startswith(_ELLIPSIS))
    expanded_out = _expand_output(outputs, count)
    order = [name for group in expanded_in for name in group]
    elementary = tuple(lengths[name] for name in order)
    permutation = [order.index(name) for group in expanded_out for name in group]
    output_shape = tuple(
        _product(lengths[name] for name in group) for group in expanded_out
    )
    return elementary, permutation, output_shape


class Rearrange(Operation):
    def __init__(self, pattern, name=None, **axes_lengths):
        super().__init__(name=name)
        self.pattern = pattern
        self.axes_lengths = axes_lengths

    def call(self, tensor):
        return rearrange(tensor, self.pattern, **self.axes_lengths)

    def compute_output_spec(self, tensor):
        shape = symbolic.shape_of(tensor)
        _, _, output_shape = _rearrange_plan(self.pattern, shape, self.axes_lengths)
        return KerasTensor(output_shape, dtype=_dtype(tensor))

    def get_config(self):
        return {**super().get_config(), "pattern": self.pattern, **self.axes_lengths}


def rearrange(tensor, pattern, **axes_lengths):
    """Reorders, splits and merges the axes of `tensor` as an einops pattern says.

    The pattern names the input axes, then `->`, then the output axes: a name is one
    axis, `(h w)` is one axis made of several (merged on the output side, split on the
    input side, where all but one of the lengths come from `axes_lengths`), `1` or `()`
    is an axis of length 1, and `...` stands for the axes the pattern does not name.

    Args:
        tensor: input tensor.
        pattern: the rearrangement, e.g. `"b h w c -> b (h w) c"`.
        **axes_lengths: lengths of axes that a split leaves undetermined.

    Returns:
        The rearranged tensor, in the dtype of `tensor`.

    >>> x = keras.ops.zeros((2, 6, 5))
    >>> keras.ops.rearrange(x, "b (h w) c -> b c h w", h=2).shape
    (2, 5, 2, 3)
    """
    if isinstance(tensor, KerasTensor):
        return Rearrange(pattern, **axes_lengths).symbolic_call(tensor)
    if not active.is_tensor(tensor):
        tensor = active.convert_to_tensor(tensor)
    shape = active.shape(tensor)
    elementary, permutation, output_shape = _rearrange_plan(
        pattern, shape, axes_lengths
    )
    manipulation = active.manipulation
    if not _same_shape(elementary, shape):
        tensor = manipulation.reshape(tensor, elementary)
    if permutation != sorted(permutation):
        tensor = manipulation.transpose(tensor, permutation)
    if not _same_shape(output_shape, [elementary[i] for i in permutation]):
        tensor = manipulation.reshape(tensor, output_shape)
    return tensor
