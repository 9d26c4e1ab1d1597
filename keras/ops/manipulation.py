"""keras.ops: ops that move, select, join and split the elements of tensors.

Every op follows the pattern of keras/ops/binary.py: a public function whose eager path
checks its arguments (in pure Python, from the static shape) and makes one backend call,
and an Operation subclass used for symbolic (KerasTensor) inputs, whose
`compute_output_spec` gives the output shapes (None for unknown dims) and dtypes.

The public side validates and normalises the arguments (axes become non-negative ints,
`pad_width` a tuple of pairs, split points a list), so the backends receive them in one
form. Dtypes: these ops keep the dtype of their input; ops joining several tensors
(concatenate, stack, append, select, ...) give their promoted dtype; index outputs
(unravel_index) are int32.
"""

import inspect
import math
import numbers

import numpy as np

from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import eager
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = [
    "append",
    "array_split",
    "broadcast_to",
    "concatenate",
    "diagonal",
    "dsplit",
    "dstack",
    "expand_dims",
    "flip",
    "fliplr",
    "flipud",
    "get_item",
    "hsplit",
    "hstack",
    "moveaxis",
    "ndim",
    "pad",
    "ravel",
    "repeat",
    "reshape",
    "roll",
    "rot90",
    "select",
    "size",
    "split",
    "squeeze",
    "stack",
    "swapaxes",
    "take",
    "take_along_axis",
    "tile",
    "transpose",
    "unravel_index",
    "view",
    "vsplit",
    "vstack",
]

PAD_MODES = ("constant", "edge", "reflect", "symmetric", "wrap", "circular")


# ----------------------------------------------------------------------------- helpers


_symbolic = symbolic.is_symbolic


def _symbolic_sequence(xs):
    return isinstance(xs, (list, tuple)) and _symbolic(*xs)


def _shape(x):
    return symbolic.shape_of(x)


def _dtype(x):
    """The dtype of `x` as a tensor (Python scalars resolved)."""
    return symbolic.kept_dtype(x)


def _promoted(values):
    keys = [symbolic.dtype_of(v) for v in values]
    # Tensors of one dtype are joined as they are (int64 and float64 kept, as eager).
    if keys and all(isinstance(k, str) for k in keys) and len(set(keys)) == 1:
        return symbolic.kept_dtype(values[0])
    return dtypes.result_type(*keys)


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _check_int(value, argument, minimum=None):
    if not _is_int(value):
        raise TypeError(f"`{argument}` must be an int; got {value!r}.")
    if minimum is not None and value < minimum:
        raise ValueError(f"`{argument}` must be >= {minimum}; got {value}.")
    return int(value)


def _dim_entry(value, argument, minimum=None):
    """One entry of a new shape: an int, or a scalar integer tensor of the engine.

    A tensor with a value (eager) becomes that int. One without (a dim traced under
    tf.function, as `ops.shape` gives there for an unknown batch size) is kept as it
    is: the engine resolves it when the graph runs, as Keras 3 allows.
    """
    if _is_int(value):
        return _check_int(value, argument, minimum)
    if symbolic.is_symbolic_size(value):
        return value  # an engine's traced size (export with a dynamic batch)
    if (
        not isinstance(value, KerasTensor)
        and active.is_tensor(value)
        and len(_shape(value)) == 0
        and dtypes.is_int_dtype(value.dtype)
    ):
        try:
            concrete = int(value)
        except Exception:  # Graph tensors and tracers have no value yet.
            return value
        return _check_int(concrete, argument, minimum)
    raise TypeError(
        f"`{argument}` entries must be ints or scalar integer tensors; got {value!r}."
    )


def _is_dynamic_dim(d):
    """True for a shape entry kept as an engine tensor (see `_dim_entry`)."""
    return d is not None and not _is_int(d)


def _int_tuple(value, argument, minimum=None):
    """An int or a sequence of ints as a tuple of ints."""
    if _is_int(value):
        return (_check_int(value, argument, minimum),)
    if isinstance(value, (list, tuple)) or (
        isinstance(value, np.ndarray) and value.ndim == 1
    ):
        return tuple(_check_int(v, argument, minimum) for v in value)
    raise TypeError(
        f"`{argument}` must be an int or a sequence of ints; got {value!r}."
    )


def _axis(axis, ndim, argument="axis"):
    return symbolic.canonicalize_axis(axis, ndim, argument)


def _axes(axis, ndim, argument="axis"):
    """An int or a sequence of ints as a tuple of distinct non-negative axes."""
    axes = tuple(_axis(a, ndim, argument) for a in _int_tuple(axis, argument))
    if len(set(axes)) != len(axes):
        raise ValueError(f"`{argument}` has repeated axes: {axis!r}.")
    return axes


def _prod(shape):
    return None if None in shape else math.prod(shape)


def _require_rank(name, shape, minimum, argument="x"):
    if len(shape) < minimum:
        raise ValueError(
            f"`{name}` expects `{argument}` of rank >= {minimum}; got shape {shape}."
        )


def _merge_dims(dims, what):
    """The one known value among `dims` (None if all unknown), or a ValueError.

    An engine's symbolic size (a dynamic batch traced for export) is checked by the
    engine when the graph runs; it is returned where no int is known."""
    known = {d for d in dims if type(d) is int}
    if len(known) > 1:
        raise ValueError(f"{what}: the dims {dims} do not match.")
    if known:
        return known.pop()
    return next((d for d in dims if d is not None), None)


def _sequence(xs, name, argument="xs"):
    if not isinstance(xs, (list, tuple)) or not xs:
        raise ValueError(
            f"`{name}` expects a non-empty list or tuple of tensors as `{argument}`; "
            f"got {type(xs).__name__} {xs!r}."
        )
    return list(xs)


class _Op(Operation):
    """An op whose config holds the arguments of its `__init__` (attributes of the
    same names), so `from_config(get_config())` rebuilds it."""

    def get_config(self):
        arguments = inspect.signature(type(self).__init__).parameters
        config = {a: getattr(self, a) for a in arguments if a not in ("self", "name")}
        return {**super().get_config(), **config}


# ------------------------------------------------------------------ joining tensors


def _concat_shape(shapes, axis, name):
    """The shape of `shapes` joined along canonical `axis` (None: flattened)."""
    if axis is None:
        sizes = [_prod(s) for s in shapes]
        return (None if None in sizes else sum(sizes),)
    ranks = {len(s) for s in shapes}
    if len(ranks) != 1:
        raise ValueError(
            f"`{name}` expects tensors of one rank; got shapes "
            f"{', '.join(map(str, shapes))}."
        )
    out = []
    for i in range(ranks.pop()):
        dims = [s[i] for s in shapes]
        if i == axis:
            out.append(None if None in dims else sum(dims))
        else:
            out.append(_merge_dims(dims, f"`{name}` along axis {axis}, axis {i}"))
    return tuple(out)


def _check_concatenate(xs, axis, name="concatenate"):
    xs = _sequence(xs, name)
    shapes = [_shape(x) for x in xs]
    if axis is not None:
        if not shapes[0]:
            raise ValueError(
                f"`{name}` cannot join scalars (rank-0 tensors); got {xs!r}."
            )
        axis = _axis(axis, len(shapes[0]))
    return xs, axis, _concat_shape(shapes, axis, name)


class Concatenate(_Op):
    def __init__(self, axis=0, name=None):
        super().__init__(name=name)
        self.axis = axis

    def call(self, xs):
        return concatenate(xs, self.axis)

    def compute_output_spec(self, xs):
        xs, _, shape = _check_concatenate(xs, self.axis)
        return KerasTensor(shape, dtype=_promoted(xs))


def concatenate(xs, axis=0):
    """Joins a sequence of tensors along an existing axis.

    Args:
        xs: list of tensors with the same shape except along `axis`.
        axis: axis to join along; None flattens the tensors first.

    Returns:
        The joined tensor, in the promoted dtype of `xs`.

    >>> keras.ops.concatenate([keras.ops.array([1, 2]), keras.ops.array([3])])
    array([1, 2, 3], dtype=int32)
    """
    if _symbolic_sequence(xs):
        return Concatenate(axis).symbolic_call(xs)
    xs, axis, _ = _check_concatenate(xs, axis)
    return active.manipulation.concatenate(xs, axis)


class Append(_Op):
    def __init__(self, axis=None, name=None):
        super().__init__(name=name)
        self.axis = axis

    def call(self, x1, x2):
        return append(x1, x2, self.axis)

    def compute_output_spec(self, x1, x2):
        _, _, shape = _check_concatenate([x1, x2], self.axis, "append")
        return KerasTensor(shape, dtype=_promoted([x1, x2]))


def append(x1, x2, axis=None):
    """Appends `x2` to the end of `x1` along `axis`.

    Args:
        x1: first tensor.
        x2: tensor appended to `x1`.
        axis: axis to append along; None (the default) flattens both first.

    Returns:
        The joined tensor, in the promoted dtype of the inputs.

    >>> keras.ops.append(keras.ops.array([[1, 2]]), keras.ops.array([[3, 4]]))
    array([1, 2, 3, 4], dtype=int32)
    """
    if _symbolic(x1, x2):
        return Append(axis).symbolic_call(x1, x2)
    _, axis, _ = _check_concatenate([x1, x2], axis, "append")
    return active.manipulation.append(x1, x2, axis)


def _check_stack(xs, axis):
    xs = _sequence(xs, "stack", "x")
    shapes = [_shape(x) for x in xs]
    ranks = {len(s) for s in shapes}
    if len(ranks) != 1:
        raise ValueError(
            f"`stack` expects tensors of one shape; got shapes "
            f"{', '.join(map(str, shapes))}."
        )
    rank = ranks.pop()
    axis = _axis(axis, rank + 1)
    shape = [
        _merge_dims([s[i] for s in shapes], f"`stack` axis {i}") for i in range(rank)
    ]
    shape.insert(axis, len(xs))
    return xs, axis, tuple(shape)


class Stack(_Op):
    def __init__(self, axis=0, name=None):
        super().__init__(name=name)
        self.axis = axis

    def call(self, x):
        return stack(x, self.axis)

    def compute_output_spec(self, x):
        xs, _, shape = _check_stack(x, self.axis)
        return KerasTensor(shape, dtype=_promoted(xs))


def stack(x, axis=0):
    """Joins a sequence of tensors of one shape along a new axis.

    Args:
        x: list of tensors of the same shape.
        axis: position of the new axis in the result.

    Returns:
        The stacked tensor, in the promoted dtype of the inputs.

    >>> keras.ops.stack([keras.ops.array([1, 2]), keras.ops.array([3, 4])], axis=1)
    array([[1, 3],
           [2, 4]], dtype=int32)
    """
    if _symbolic_sequence(x):
        return Stack(axis).symbolic_call(x)
    xs, axis, _ = _check_stack(x, axis)
    return active.manipulation.stack(xs, axis)


def _at_least(shape, rank):
    """The shape numpy's atleast_{1,2,3}d gives."""
    if len(shape) >= rank:
        return shape
    if rank == 3 and len(shape) == 2:
        return shape + (1,)
    if rank == 3 and len(shape) == 1:
        return (1,) + shape + (1,)
    return (1,) * (rank - len(shape)) + shape


def _check_xstack(xs, name, rank):
    xs = _sequence(xs, name)
    shapes = [_at_least(_shape(x), rank) for x in xs]
    if name == "hstack":
        axis = 0 if len(shapes[0]) == 1 else 1
    else:
        axis = {"vstack": 0, "dstack": 2}[name]
    return xs, _concat_shape(shapes, axis, name)


class _XStack(_Op):
    _function = None
    _rank = None

    def call(self, xs):
        return globals()[self._function](xs)

    def compute_output_spec(self, xs):
        xs, shape = _check_xstack(xs, self._function, self._rank)
        return KerasTensor(shape, dtype=_promoted(xs))


class Hstack(_XStack):
    _function = "hstack"
    _rank = 1


class Vstack(_XStack):
    _function = "vstack"
    _rank = 2


class Dstack(_XStack):
    _function = "dstack"
    _rank = 3


def hstack(xs):
    """Joins tensors horizontally: along axis 1, or axis 0 for 1-D tensors.

    Args:
        xs: list of tensors (scalars count as 1-D).

    Returns:
        The joined tensor, in the promoted dtype of the inputs.

    >>> keras.ops.hstack([keras.ops.array([1, 2]), keras.ops.array([3])])
    array([1, 2, 3], dtype=int32)
    """
    if _symbolic_sequence(xs):
        return Hstack().symbolic_call(xs)
    xs, _ = _check_xstack(xs, "hstack", 1)
    return active.manipulation.hstack(xs)


def vstack(xs):
    """Joins tensors vertically (along axis 0), 1-D tensors as rows.

    Args:
        xs: list of tensors (1-D ones of shape (n,) count as (1, n)).

    Returns:
        The joined tensor, in the promoted dtype of the inputs.

    >>> keras.ops.vstack([keras.ops.array([1, 2]), keras.ops.array([3, 4])])
    array([[1, 2],
           [3, 4]], dtype=int32)
    """
    if _symbolic_sequence(xs):
        return Vstack().symbolic_call(xs)
    xs, _ = _check_xstack(xs, "vstack", 2)
    return active.manipulation.vstack(xs)


def dstack(xs):
    """Joins tensors depth-wise (along axis 2).

    Args:
        xs: list of tensors ((n,) counts as (1, n, 1), (m, n) as (m, n, 1)).

    Returns:
        The joined tensor, in the promoted dtype of the inputs.

    >>> keras.ops.dstack([keras.ops.array([1, 2]), keras.ops.array([3, 4])]).shape
    (1, 2, 2)
    """
    if _symbolic_sequence(xs):
        return Dstack().symbolic_call(xs)
    xs, _ = _check_xstack(xs, "dstack", 3)
    return active.manipulation.dstack(xs)


# ------------------------------------------------------------------ splitting tensors


def _split_points(dim, indices_or_sections, even, name):
    """The split points along an axis of length `dim` (None: unknown), as a list.

    An int `n` gives n sections (equal ones when `even`, else the first `dim % n` one
    longer); a sequence gives the points itself. Returns (points or None, count).
    """
    if _is_int(indices_or_sections):
        sections = _check_int(indices_or_sections, "indices_or_sections", minimum=1)
        if dim is None:
            return None, sections
        if even and dim % sections:
            raise ValueError(
                f"`{name}` cannot split an axis of length {dim} into {sections} equal "
                "sections; give split points or use `array_split`."
            )
        size, extra = divmod(dim, sections)
        points, start = [], 0
        for i in range(sections - 1):
            start += size + (1 if i < extra else 0)
            points.append(start)
        return points, sections
    points = list(_int_tuple(indices_or_sections, "indices_or_sections"))
    return points, len(points) + 1


def _section_dims(dim, points, count):
    """The lengths of the sections between `points` (slices, so clipped) of `dim`."""
    if points is None or dim is None:
        return [None] * count
    bounds = [0] + points + [dim]
    pairs = zip(bounds[:-1], bounds[1:])
    return [len(range(*slice(a, b).indices(dim))) for a, b in pairs]


def _split_axis(name, shape, axis):
    if name == "hsplit":
        _require_rank(name, shape, 1)
        return 1 if len(shape) > 1 else 0
    if name == "vsplit":
        _require_rank(name, shape, 2)
        return 0
    if name == "dsplit":
        _require_rank(name, shape, 3)
        return 2
    _require_rank(name, shape, 1)
    return _axis(axis, len(shape))


def _check_split(name, x, indices_or_sections, axis=0):
    shape = _shape(x)
    axis = _split_axis(name, shape, axis)
    even = name != "array_split"
    points, count = _split_points(shape[axis], indices_or_sections, even, name)
    return axis, shape, points, count


class _Split(_Op):
    _function = None

    def __init__(self, indices_or_sections, axis=0, name=None):
        super().__init__(name=name)
        self.indices_or_sections = indices_or_sections
        self.axis = axis

    def call(self, x):
        if self._function in ("split", "array_split"):
            return globals()[self._function](x, self.indices_or_sections, self.axis)
        return globals()[self._function](x, self.indices_or_sections)

    def compute_output_spec(self, x):
        axis, shape, points, count = _check_split(
            self._function, x, self.indices_or_sections, self.axis
        )
        dtype = _dtype(x)
        outputs = []
        for dim in _section_dims(shape[axis], points, count):
            section = shape[:axis] + (dim,) + shape[axis + 1 :]
            outputs.append(KerasTensor(section, dtype))
        return outputs


class Split(_Split):
    _function = "split"


class ArraySplit(_Split):
    _function = "array_split"


class Hsplit(_Split):
    _function = "hsplit"


class Vsplit(_Split):
    _function = "vsplit"


class Dsplit(_Split):
    _function = "dsplit"


def split(x, indices_or_sections, axis=0):
    """Splits a tensor into sub-tensors along an axis.

    Args:
        x: tensor to split.
        indices_or_sections: an int N for N equal sections (the axis length must be
            divisible by N), or a sorted sequence of split points along `axis`.
        axis: axis to split along.

    Returns:
        A list of tensors.

    >>> keras.ops.split(keras.ops.arange(6), [2, 3])
    [array([0, 1], dtype=int32), array([2], dtype=int32), array([3, 4, 5], dtype=int32)]
    """
    if _symbolic(x):
        return Split(indices_or_sections, axis).symbolic_call(x)
    axis, _, points, count = _check_split("split", x, indices_or_sections, axis)
    return active.manipulation.split(x, count if points is None else points, axis)


def array_split(x, indices_or_sections, axis=0):
    """Splits a tensor into sections along an axis, allowing unequal sections.

    With an int N, an axis of length L gives `L % N` sections of length `L // N + 1`
    followed by sections of length `L // N`.

    Args:
        x: tensor to split.
        indices_or_sections: the number of sections, or a sequence of split points.
        axis: axis to split along.

    Returns:
        A list of tensors.

    >>> [t.shape for t in keras.ops.array_split(keras.ops.arange(10), 3)]
    [(4,), (3,), (3,)]
    """
    if _symbolic(x):
        return ArraySplit(indices_or_sections, axis).symbolic_call(x)
    axis, _, _, _ = _check_split("array_split", x, indices_or_sections, axis)
    return active.manipulation.array_split(x, indices_or_sections, axis)


def hsplit(x, indices_or_sections):
    """Splits a tensor horizontally: along axis 1 (axis 0 for 1-D tensors).

    Args:
        x: tensor of rank >= 1.
        indices_or_sections: number of equal sections, or a sequence of split points.

    Returns:
        A list of tensors.
    """
    if _symbolic(x):
        return Hsplit(indices_or_sections).symbolic_call(x)
    _, _, points, count = _check_split("hsplit", x, indices_or_sections)
    return active.manipulation.hsplit(x, count if points is None else points)


def vsplit(x, indices_or_sections):
    """Splits a tensor vertically (along axis 0).

    Args:
        x: tensor of rank >= 2.
        indices_or_sections: number of equal sections, or a sequence of split points.

    Returns:
        A list of tensors.
    """
    if _symbolic(x):
        return Vsplit(indices_or_sections).symbolic_call(x)
    _, _, points, count = _check_split("vsplit", x, indices_or_sections)
    return active.manipulation.vsplit(x, count if points is None else points)


def dsplit(x, indices_or_sections):
    """Splits a tensor depth-wise (along axis 2).

    Args:
        x: tensor of rank >= 3.
        indices_or_sections: number of equal sections, or a sequence of split points.

    Returns:
        A list of tensors.
    """
    if _symbolic(x):
        return Dsplit(indices_or_sections).symbolic_call(x)
    _, _, points, count = _check_split("dsplit", x, indices_or_sections)
    return active.manipulation.dsplit(x, count if points is None else points)


# ------------------------------------------------------------------ shapes and axes


def _check_broadcast_to(x, shape):
    target = _int_tuple(shape, "shape", minimum=0)
    source = _shape(x)
    if len(source) > len(target):
        raise ValueError(
            f"`broadcast_to` cannot broadcast shape {source} to the lower-rank "
            f"{target}."
        )
    for dim, new in zip(source[::-1], target[::-1]):
        if dim is not None and dim != 1 and dim != new:
            raise ValueError(
                f"`broadcast_to` cannot broadcast shape {source} to {target}."
            )
    return target


class BroadcastTo(_Op):
    def __init__(self, shape, name=None):
        super().__init__(name=name)
        self.shape = shape

    def call(self, x):
        return broadcast_to(x, self.shape)

    def compute_output_spec(self, x):
        return KerasTensor(_check_broadcast_to(x, self.shape), dtype=_dtype(x))


def broadcast_to(x, shape):
    """Broadcasts a tensor to a new shape, with NumPy's rules.

    Args:
        x: tensor.
        shape: the target shape (an int or a tuple of ints).

    Returns:
        A tensor of shape `shape`, in the dtype of `x`.

    >>> keras.ops.broadcast_to(keras.ops.array([1, 2]), (2, 2))
    array([[1, 2],
           [1, 2]], dtype=int32)
    """
    if _symbolic(x):
        return BroadcastTo(shape).symbolic_call(x)
    return active.manipulation.broadcast_to(x, _check_broadcast_to(x, shape))


def _check_reshape(x, newshape):
    """`newshape` checked against `x`, and the output shape it gives."""
    if _symbolic(x) and symbolic.has_unknown_dims(newshape):
        return _check_symbolic_reshape(x, newshape)
    if isinstance(newshape, (list, tuple)):
        newshape = tuple(_dim_entry(d, "newshape", minimum=-1) for d in newshape)
        if any(_is_dynamic_dim(d) for d in newshape):
            return _check_dynamic_reshape(x, newshape)
    newshape = _int_tuple(newshape, "newshape", minimum=-1)
    if newshape.count(-1) > 1:
        raise ValueError(f"`newshape` can have at most one -1; got {newshape}.")
    total = _prod(_shape(x))
    known = math.prod(d for d in newshape if d != -1)
    if -1 in newshape:
        if total is None:
            return newshape, tuple(None if d == -1 else d for d in newshape)
        if known == 0 or total % known:
            raise ValueError(
                f"`reshape` cannot reshape a tensor of shape {_shape(x)} into "
                f"{newshape}."
            )
        return newshape, tuple(total // known if d == -1 else d for d in newshape)
    if total is not None and total != known:
        raise ValueError(
            f"`reshape` cannot reshape a tensor of shape {_shape(x)} ({total} "
            "elements) "
            f"into {newshape} ({known} elements)."
        )
    return newshape, newshape


def _check_dynamic_reshape(x, newshape):
    """For a `newshape` with dims that are engine tensors without a value yet (traced
    under tf.function): the known dims are checked, the engine checks the rest."""
    static = [d for d in newshape if not _is_dynamic_dim(d)]
    if static.count(-1) > 1:
        raise ValueError(f"`newshape` can have at most one -1; got {newshape}.")
    known = math.prod(d for d in static if d != -1)
    total = _prod(_shape(x))
    if total is not None and (total % known if known else total):
        raise ValueError(
            f"`reshape` cannot reshape a tensor of shape {_shape(x)} ({total} "
            f"elements) into {newshape}."
        )
    out = tuple(None if _is_dynamic_dim(d) or d == -1 else d for d in newshape)
    return newshape, out


def _check_symbolic_reshape(x, newshape):
    """For a KerasTensor `x` and a `newshape` with None dims (from `ops.shape` of a
    KerasTensor, known when the graph runs)."""
    newshape = tuple(
        None if d is None else _check_int(d, "newshape", minimum=-1) for d in newshape
    )
    if newshape.count(-1) > 1:
        raise ValueError(f"`newshape` can have at most one -1; got {newshape}.")
    shape = _shape(x)
    total = _prod(shape)
    known = math.prod(d for d in newshape if d not in (None, -1))
    if total is not None and (total % known if known else total):
        raise ValueError(
            f"`reshape` cannot reshape a tensor of shape {shape} ({total} "
            f"elements) into {newshape}."
        )
    # The None dims of `newshape` are most often those of `x` itself, as in
    # `reshape(x, (ops.shape(x)[0], -1))`: as many None dims on both sides are taken
    # to be the same (as Keras 3 does, tracing every unknown dim with one value), so
    # -1 is what the known dims of `x` leave; else -1 is unknown too.
    inferred = None
    known_x = math.prod(d for d in shape if d is not None)
    if shape.count(None) == newshape.count(None) and known and known_x % known == 0:
        inferred = known_x // known
    return newshape, tuple(inferred if d == -1 else d for d in newshape)


class Reshape(_Op):
    def __init__(self, newshape, name=None):
        super().__init__(name=name)
        self.newshape = newshape

    def call(self, x):
        return reshape(x, self.newshape)

    def compute_output_spec(self, x):
        return KerasTensor(_check_reshape(x, self.newshape)[1], dtype=_dtype(x))


@eager.fast_path("manipulation", "unary_args")
def reshape(x, newshape):
    """Gives a tensor a new shape with the same elements (in C order).

    Args:
        x: tensor.
        newshape: the new shape (an int or a tuple of ints); one entry may be -1,
            inferred from the size of `x`. When `x` is a KerasTensor, entries may
            be None (unknown dims, as `ops.shape` gives for a KerasTensor).

    Returns:
        The reshaped tensor, in the dtype of `x`.

    >>> keras.ops.reshape(keras.ops.arange(6), (2, -1)).shape
    (2, 3)
    """
    if _symbolic(x):
        return Reshape(newshape).symbolic_call(x)
    return active.manipulation.reshape(x, _check_reshape(x, newshape)[0])


class Ravel(_Op):
    def call(self, x):
        return ravel(x)

    def compute_output_spec(self, x):
        return KerasTensor((_prod(_shape(x)),), dtype=_dtype(x))


def ravel(x):
    """Flattens a tensor to 1-D (in C order).

    Args:
        x: tensor.

    Returns:
        A 1-D tensor with the elements of `x`, in its dtype.
    """
    if _symbolic(x):
        return Ravel().symbolic_call(x)
    return active.manipulation.ravel(x)


def _check_expand_dims(x, axis):
    shape = _shape(x)
    axes = _int_tuple(axis, "axis")
    rank = len(shape) + len(axes)
    axes = _axes(axes, rank)
    out, source = [], iter(shape)
    for i in range(rank):
        out.append(1 if i in axes else next(source))
    return tuple(sorted(axes)), tuple(out)


class ExpandDims(_Op):
    def __init__(self, axis, name=None):
        super().__init__(name=name)
        self.axis = axis

    def call(self, x):
        return expand_dims(x, self.axis)

    def compute_output_spec(self, x):
        return KerasTensor(_check_expand_dims(x, self.axis)[1], dtype=_dtype(x))


def expand_dims(x, axis):
    """Inserts axes of length 1.

    Args:
        x: tensor.
        axis: position (or tuple of positions) of the new axes in the result.

    Returns:
        The tensor with the new axes, in the dtype of `x`.

    >>> keras.ops.expand_dims(keras.ops.array([1, 2]), 0).shape
    (1, 2)
    """
    if _symbolic(x):
        return ExpandDims(axis).symbolic_call(x)
    return active.manipulation.expand_dims(x, _check_expand_dims(x, axis)[0])


def _check_squeeze(x, axis):
    shape = _shape(x)
    if axis is None:
        axes = tuple(i for i, d in enumerate(shape) if d == 1)
    else:
        axes = _axes(axis, len(shape))
        for a in axes:
            if shape[a] is not None and shape[a] != 1:
                raise ValueError(
                    f"`squeeze` can only remove axes of length 1; axis {a} of shape "
                    f"{shape} has length {shape[a]}."
                )
    return tuple(sorted(axes)), tuple(d for i, d in enumerate(shape) if i not in axes)


class Squeeze(_Op):
    def __init__(self, axis=None, name=None):
        super().__init__(name=name)
        self.axis = axis

    def call(self, x):
        return squeeze(x, self.axis)

    def compute_output_spec(self, x):
        return KerasTensor(_check_squeeze(x, self.axis)[1], dtype=_dtype(x))


def squeeze(x, axis=None):
    """Removes axes of length 1.

    Args:
        x: tensor.
        axis: axis or tuple of axes to remove (each of length 1); None removes all the
            axes of length 1 (for symbolic tensors, those known to be 1).

    Returns:
        The squeezed tensor, in the dtype of `x`.

    >>> keras.ops.squeeze(keras.ops.zeros((1, 3, 1))).shape
    (3,)
    """
    if _symbolic(x):
        return Squeeze(axis).symbolic_call(x)
    return active.manipulation.squeeze(x, _check_squeeze(x, axis)[0])


def _check_transpose(x, axes):
    shape = _shape(x)
    if axes is None:
        axes = tuple(range(len(shape)))[::-1]
    else:
        axes = _axes(axes, len(shape), "axes")
        if len(axes) != len(shape):
            raise ValueError(
                f"`axes` must be a permutation of the {len(shape)} axes of `x`; got "
                f"{axes}."
            )
    return axes, tuple(shape[a] for a in axes)


class Transpose(_Op):
    def __init__(self, axes=None, name=None):
        super().__init__(name=name)
        self.axes = axes

    def call(self, x):
        return transpose(x, self.axes)

    def compute_output_spec(self, x):
        return KerasTensor(_check_transpose(x, self.axes)[1], dtype=_dtype(x))


def transpose(x, axes=None):
    """Permutes the axes of a tensor.

    Args:
        x: tensor.
        axes: a permutation of the axes; None reverses them.

    Returns:
        The tensor with permuted axes (`result.shape[i] == x.shape[axes[i]]`).

    >>> keras.ops.transpose(keras.ops.zeros((2, 3, 4)), (1, 0, 2)).shape
    (3, 2, 4)
    """
    if _symbolic(x):
        return Transpose(axes).symbolic_call(x)
    return active.manipulation.transpose(x, _check_transpose(x, axes)[0])


def _check_moveaxis(x, source, destination):
    shape = _shape(x)
    source = _axes(source, len(shape), "source")
    destination = _axes(destination, len(shape), "destination")
    if len(source) != len(destination):
        raise ValueError(
            "`source` and `destination` must have the same number of axes; got "
            f"{source} and {destination}."
        )
    rest = [a for a in range(len(shape)) if a not in source]
    order = [None] * len(shape)
    for s, d in zip(source, destination):
        order[d] = s
    order = [rest.pop(0) if a is None else a for a in order]
    return source, destination, tuple(shape[a] for a in order)


class Moveaxis(_Op):
    def __init__(self, source, destination, name=None):
        super().__init__(name=name)
        self.source = source
        self.destination = destination

    def call(self, x):
        return moveaxis(x, self.source, self.destination)

    def compute_output_spec(self, x):
        shape = _check_moveaxis(x, self.source, self.destination)[2]
        return KerasTensor(shape, dtype=_dtype(x))


def moveaxis(x, source, destination):
    """Moves axes of a tensor to new positions; the others keep their order.

    Args:
        x: tensor.
        source: axis (or tuple of axes) to move.
        destination: their new positions.

    Returns:
        The tensor with moved axes, in the dtype of `x`.

    >>> keras.ops.moveaxis(keras.ops.zeros((2, 3, 4)), 0, -1).shape
    (3, 4, 2)
    """
    if _symbolic(x):
        return Moveaxis(source, destination).symbolic_call(x)
    source, destination, _ = _check_moveaxis(x, source, destination)
    return active.manipulation.moveaxis(x, source, destination)


def _check_swapaxes(x, axis1, axis2):
    shape = list(_shape(x))
    axis1 = _axis(axis1, len(shape), "axis1")
    axis2 = _axis(axis2, len(shape), "axis2")
    shape[axis1], shape[axis2] = shape[axis2], shape[axis1]
    return axis1, axis2, tuple(shape)


class Swapaxes(_Op):
    def __init__(self, axis1, axis2, name=None):
        super().__init__(name=name)
        self.axis1 = axis1
        self.axis2 = axis2

    def call(self, x):
        return swapaxes(x, self.axis1, self.axis2)

    def compute_output_spec(self, x):
        shape = _check_swapaxes(x, self.axis1, self.axis2)[2]
        return KerasTensor(shape, dtype=_dtype(x))


def swapaxes(x, axis1, axis2):
    """Interchanges two axes of a tensor.

    Args:
        x: tensor.
        axis1: first axis.
        axis2: second axis.

    Returns:
        The tensor with the two axes swapped, in the dtype of `x`.
    """
    if _symbolic(x):
        return Swapaxes(axis1, axis2).symbolic_call(x)
    axis1, axis2, _ = _check_swapaxes(x, axis1, axis2)
    return active.manipulation.swapaxes(x, axis1, axis2)


class Ndim(_Op):
    def call(self, x):
        return ndim(x)

    def compute_output_spec(self, x):
        return KerasTensor((), dtype="int32")


def ndim(x):
    """The number of axes of a tensor.

    Args:
        x: tensor.

    Returns:
        The rank of `x`, as a Python int.

    >>> keras.ops.ndim(keras.ops.zeros((2, 3)))
    2
    """
    if _symbolic(x):
        return Ndim().symbolic_call(x)
    return active.manipulation.ndim(x)


class Size(_Op):
    def call(self, x):
        return size(x)

    def compute_output_spec(self, x):
        return KerasTensor((), dtype="int32")


def size(x):
    """The number of elements of a tensor.

    Args:
        x: tensor.

    Returns:
        The number of elements, as a Python int (a scalar int32 tensor where the shape
        is only known at run time, e.g. inside `tf.function`).

    >>> keras.ops.size(keras.ops.zeros((2, 3)))
    6
    """
    if _symbolic(x):
        return Size().symbolic_call(x)
    return active.manipulation.size(x)


# ------------------------------------------------------------ reordering elements


def _check_flip(x, axis):
    rank = len(_shape(x))
    return tuple(range(rank)) if axis is None else _axes(axis, rank)


class Flip(_Op):
    def __init__(self, axis=None, name=None):
        super().__init__(name=name)
        self.axis = axis

    def call(self, x):
        return flip(x, self.axis)

    def compute_output_spec(self, x):
        _check_flip(x, self.axis)
        return KerasTensor(_shape(x), dtype=_dtype(x))


def flip(x, axis=None):
    """Reverses the order of the elements along the given axes.

    Args:
        x: tensor.
        axis: axis or tuple of axes to reverse; None reverses all of them.

    Returns:
        The flipped tensor, in the dtype of `x`.

    >>> keras.ops.flip(keras.ops.array([1, 2, 3]))
    array([3, 2, 1], dtype=int32)
    """
    if _symbolic(x):
        return Flip(axis).symbolic_call(x)
    return active.manipulation.flip(x, _check_flip(x, axis))


class Fliplr(_Op):
    def call(self, x):
        return fliplr(x)

    def compute_output_spec(self, x):
        _require_rank("fliplr", _shape(x), 2)
        return KerasTensor(_shape(x), dtype=_dtype(x))


def fliplr(x):
    """Reverses the order of the columns (axis 1) of a tensor of rank >= 2.

    Args:
        x: tensor of rank >= 2.

    Returns:
        The flipped tensor, in the dtype of `x`.
    """
    if _symbolic(x):
        return Fliplr().symbolic_call(x)
    _require_rank("fliplr", _shape(x), 2)
    return active.manipulation.fliplr(x)


class Flipud(_Op):
    def call(self, x):
        return flipud(x)

    def compute_output_spec(self, x):
        _require_rank("flipud", _shape(x), 1)
        return KerasTensor(_shape(x), dtype=_dtype(x))


def flipud(x):
    """Reverses the order of the rows (axis 0) of a tensor of rank >= 1.

    Args:
        x: tensor of rank >= 1.

    Returns:
        The flipped tensor, in the dtype of `x`.
    """
    if _symbolic(x):
        return Flipud().symbolic_call(x)
    _require_rank("flipud", _shape(x), 1)
    return active.manipulation.flipud(x)


def _check_roll(x, shift, axis):
    rank = len(_shape(x))
    if axis is None:
        return _check_int(shift, "shift"), None
    axes = tuple(_axis(a, rank) for a in _int_tuple(axis, "axis"))
    shifts = _int_tuple(shift, "shift")
    if len(shifts) == 1:
        shifts = shifts * len(axes)
    if len(axes) == 1 and len(shifts) > 1:
        axes = axes * len(shifts)
    if len(shifts) != len(axes):
        raise ValueError(
            f"`shift` and `axis` must have the same length; got {shift!r} and {axis!r}."
        )
    return shifts, axes


class Roll(_Op):
    def __init__(self, shift, axis=None, name=None):
        super().__init__(name=name)
        self.shift = shift
        self.axis = axis

    def call(self, x):
        return roll(x, self.shift, self.axis)

    def compute_output_spec(self, x):
        _check_roll(x, self.shift, self.axis)
        return KerasTensor(_shape(x), dtype=_dtype(x))


def roll(x, shift, axis=None):
    """Rolls the elements along the given axes; those shifted past the end come back
    at the start.

    Args:
        x: tensor.
        shift: number of places to shift (an int, or one per axis).
        axis: axis or tuple of axes; None rolls the flattened tensor (keeping its
            shape).

    Returns:
        The rolled tensor, in the dtype of `x`.

    >>> keras.ops.roll(keras.ops.array([1, 2, 3, 4]), 1)
    array([4, 1, 2, 3], dtype=int32)
    """
    if _symbolic(x):
        return Roll(shift, axis).symbolic_call(x)
    shift, axis = _check_roll(x, shift, axis)
    return active.manipulation.roll(x, shift, axis)


def _check_rot90(x, k, axes):
    shape = list(_shape(x))
    _require_rank("rot90", shape, 2, "array")
    k = _check_int(k, "k")
    axes = _int_tuple(axes, "axes")
    if len(axes) != 2:
        raise ValueError(f"`axes` must be a pair of axes; got {axes!r}.")
    axes = _axes(axes, len(shape), "axes")
    if k % 2:
        shape[axes[0]], shape[axes[1]] = shape[axes[1]], shape[axes[0]]
    return k % 4, axes, tuple(shape)


class Rot90(_Op):
    def __init__(self, k=1, axes=(0, 1), name=None):
        super().__init__(name=name)
        self.k = k
        self.axes = axes

    def call(self, array):
        return rot90(array, self.k, self.axes)

    def compute_output_spec(self, array):
        shape = _check_rot90(array, self.k, self.axes)[2]
        return KerasTensor(shape, dtype=_dtype(array))


def rot90(array, k=1, axes=(0, 1)):
    """Rotates a tensor by 90 degrees `k` times in the plane of `axes`.

    The rotation goes from the first axis towards the second, as NumPy's rot90.

    Args:
        array: tensor of rank >= 2.
        k: number of quarter turns (negative turns the other way).
        axes: the two axes of the plane of rotation.

    Returns:
        The rotated tensor, in the dtype of `array`.

    >>> keras.ops.rot90(keras.ops.array([[1, 2], [3, 4]]))
    array([[2, 4],
           [1, 3]], dtype=int32)
    """
    if _symbolic(array):
        return Rot90(k, axes).symbolic_call(array)
    k, axes, _ = _check_rot90(array, k, axes)
    return active.manipulation.rot90(array, k, axes)


def _check_diagonal(x, offset, axis1, axis2):
    shape = _shape(x)
    _require_rank("diagonal", shape, 2)
    offset = _check_int(offset, "offset")
    axis1 = _axis(axis1, len(shape), "axis1")
    axis2 = _axis(axis2, len(shape), "axis2")
    if axis1 == axis2:
        raise ValueError(f"`axis1` and `axis2` must differ; both are axis {axis1}.")
    rows, cols = shape[axis1], shape[axis2]
    if rows is None or cols is None:
        length = None
    elif offset >= 0:
        length = max(0, min(rows, cols - offset))
    else:
        length = max(0, min(rows + offset, cols))
    rest = tuple(d for i, d in enumerate(shape) if i not in (axis1, axis2))
    return offset, axis1, axis2, rest + (length,)


class Diagonal(_Op):
    def __init__(self, offset=0, axis1=0, axis2=1, name=None):
        super().__init__(name=name)
        self.offset = offset
        self.axis1 = axis1
        self.axis2 = axis2

    def call(self, x):
        return diagonal(x, self.offset, self.axis1, self.axis2)

    def compute_output_spec(self, x):
        shape = _check_diagonal(x, self.offset, self.axis1, self.axis2)[3]
        return KerasTensor(shape, dtype=_dtype(x))


def diagonal(x, offset=0, axis1=0, axis2=1):
    """The diagonal `x[..., i, i + offset]` of the plane of `axis1` and `axis2`.

    Args:
        x: tensor of rank >= 2.
        offset: offset of the diagonal from the main one (positive: above it).
        axis1: first axis of the plane (rows).
        axis2: second axis of the plane (columns).

    Returns:
        The diagonals, on a new last axis (the other axes keep their order).

    >>> keras.ops.diagonal(keras.ops.array([[1, 2], [3, 4]]))
    array([1, 4], dtype=int32)
    """
    if _symbolic(x):
        return Diagonal(offset, axis1, axis2).symbolic_call(x)
    offset, axis1, axis2, _ = _check_diagonal(x, offset, axis1, axis2)
    return active.manipulation.diagonal(x, offset, axis1, axis2)


def _check_pad(x, pad_width, mode, constant_values):
    shape = _shape(x)
    if mode not in PAD_MODES:
        raise ValueError(f"`mode` must be one of {PAD_MODES}; got {mode!r}.")
    if mode != "constant" and constant_values is not None:
        raise ValueError(
            f"`constant_values` is only used with mode='constant'; got mode={mode!r}."
        )
    widths = np.asarray(pad_width)
    if widths.dtype.kind not in "iu" or widths.ndim > 2 or np.any(widths < 0):
        raise ValueError(
            "`pad_width` must be a non-negative int, a (before, after) pair, or one "
            f"pair per axis; got {pad_width!r}."
        )
    try:
        widths = np.broadcast_to(widths, (len(shape), 2))
    except ValueError:
        raise ValueError(
            f"`pad_width` {pad_width!r} does not fit a tensor of rank {len(shape)}; "
            "expected one (before, after) pair per axis."
        ) from None
    widths = tuple((int(b), int(a)) for b, a in widths)
    if mode in ("reflect", "symmetric", "edge", "wrap", "circular"):
        for dim, (before, after) in zip(shape, widths):
            if dim == 0 and before + after:
                raise ValueError(f"`pad` with mode={mode!r} cannot pad an empty axis.")
    out = tuple(None if d is None else d + b + a for d, (b, a) in zip(shape, widths))
    return widths, out


class Pad(_Op):
    def __init__(self, pad_width, mode="constant", constant_values=None, name=None):
        super().__init__(name=name)
        self.pad_width = pad_width
        self.mode = mode
        self.constant_values = constant_values

    # `constant_values` is an input of the call, as Keras 3 records it (its config
    # holds `pad_width` and `mode`); one given to the op itself is kept for the call.
    def call(self, x, constant_values=None):
        if constant_values is None:
            constant_values = self.constant_values
        return pad(x, self.pad_width, self.mode, constant_values)

    def compute_output_spec(self, x, constant_values=None):
        if constant_values is None:
            constant_values = self.constant_values
        shape = _check_pad(x, self.pad_width, self.mode, constant_values)[1]
        return KerasTensor(shape, dtype=_dtype(x))

    def get_config(self):
        config = super().get_config()
        if config.get("constant_values") is None:
            config.pop("constant_values", None)
        return config


def pad(x, pad_width, mode="constant", constant_values=None):
    """Pads a tensor on the edges of its axes.

    Args:
        x: tensor.
        pad_width: `((before_1, after_1), ..., (before_N, after_N))` per axis;
            `((before, after),)` or `(before, after)` for every axis; `(pad,)` or an
            int for `before = after = pad` on every axis.
        mode: one of "constant", "edge", "reflect", "symmetric", "wrap" and
            "circular" (the same as "wrap"), with NumPy's meanings.
        constant_values: the padding value with mode "constant" (default 0); must be
            None for the other modes.

    Returns:
        The padded tensor, in the dtype of `x`.

    >>> keras.ops.pad(keras.ops.array([1, 2]), 1, mode="edge")
    array([1, 1, 2, 2], dtype=int32)
    """
    if _symbolic(x):
        return Pad(pad_width, mode).symbolic_call(x, constant_values=constant_values)
    widths, _ = _check_pad(x, pad_width, mode, constant_values)
    return active.manipulation.pad(x, widths, mode, constant_values)


# --------------------------------------------------------- repeating elements


def _repeat_values(repeats):
    """The repeat counts as a tuple when they are static, else None (a tensor)."""
    if _is_int(repeats):
        return (_check_int(repeats, "repeats", minimum=0),)
    if isinstance(repeats, (list, tuple)) or type(repeats) is np.ndarray:
        values = np.asarray(repeats)
        if values.dtype.kind not in "iu" or values.ndim > 1 or np.any(values < 0):
            raise ValueError(
                f"`repeats` must be non-negative ints (an int or a 1-D sequence); got "
                f"{repeats!r}."
            )
        return tuple(int(v) for v in values.reshape(-1))
    dtype = symbolic.dtype_of(repeats)
    if not dtypes.is_int_dtype(dtype):
        raise TypeError(f"`repeats` must be integers; got dtype {dtype}.")
    return None


def _check_repeat(x, repeats, axis):
    shape = _shape(x)
    counts = _repeat_values(repeats)
    if axis is None:
        shape, axis_out = (_prod(shape),), None
        axis = 0
    else:
        axis = axis_out = _axis(axis, len(shape))
    dim = shape[axis]
    if counts is None:
        new = None
    elif len(counts) == 1:
        new = None if dim is None else dim * counts[0]
    else:
        if dim is not None and len(counts) != dim:
            raise ValueError(
                f"`repeats` has {len(counts)} counts for an axis of length {dim}."
            )
        new = sum(counts)
    return axis_out, shape[:axis] + (new,) + shape[axis + 1 :]


class Repeat(_Op):
    """`repeats` is an argument of the op when it is known (as Keras 3 writes it in
    the op's config), else a tensor input of the call."""

    def __init__(self, repeats=None, axis=None, name=None):
        super().__init__(name=name)
        self.repeats = repeats
        self.axis = axis

    def call(self, x, repeats=None):
        return repeat(x, self.repeats if repeats is None else repeats, self.axis)

    def compute_output_spec(self, x, repeats=None):
        repeats = self.repeats if repeats is None else repeats
        return KerasTensor(_check_repeat(x, repeats, self.axis)[1], dtype=_dtype(x))


def repeat(x, repeats, axis=None):
    """Repeats each element of a tensor along an axis.

    Args:
        x: tensor.
        repeats: number of repetitions: an int for every element, or one per element
            along `axis` (a sequence or a 1-D int tensor).
        axis: axis along which to repeat; None repeats the flattened tensor.

    Returns:
        The tensor with repeated elements, in the dtype of `x`.

    >>> keras.ops.repeat(keras.ops.array([1, 2]), 2)
    array([1, 1, 2, 2], dtype=int32)
    """
    if _symbolic(repeats):
        return Repeat(None, axis).symbolic_call(x, repeats)
    if _symbolic(x):
        return Repeat(repeats, axis).symbolic_call(x)
    axis, _ = _check_repeat(x, repeats, axis)
    return active.manipulation.repeat(x, repeats, axis)


def _check_tile(x, repeats):
    repeats = _int_tuple(repeats, "repeats", minimum=0)
    shape = _shape(x)
    rank = max(len(shape), len(repeats))
    shape = (1,) * (rank - len(shape)) + shape
    full = (1,) * (rank - len(repeats)) + repeats
    out = tuple(None if d is None else d * r for d, r in zip(shape, full))
    return repeats, out


class Tile(_Op):
    def __init__(self, repeats, name=None):
        super().__init__(name=name)
        self.repeats = repeats

    def call(self, x):
        return tile(x, self.repeats)

    def compute_output_spec(self, x):
        return KerasTensor(_check_tile(x, self.repeats)[1], dtype=_dtype(x))


def tile(x, repeats):
    """Repeats a whole tensor along each axis.

    Args:
        x: tensor.
        repeats: repetitions per axis (an int or a sequence); a shorter sequence applies
            to the last axes, a longer one adds leading axes to `x`.

    Returns:
        The tiled tensor, in the dtype of `x`.

    >>> keras.ops.tile(keras.ops.array([1, 2]), 2)
    array([1, 2, 1, 2], dtype=int32)
    """
    if _symbolic(x):
        return Tile(repeats).symbolic_call(x)
    return active.manipulation.tile(x, _check_tile(x, repeats)[0])


# ----------------------------------------------------------- selecting elements


def _check_indices(indices, argument="indices"):
    dtype = symbolic.dtype_of(indices)
    if dtype is not int and not (dtype is not bool and dtypes.is_int_dtype(dtype)):
        if not (isinstance(indices, (list, tuple)) and not indices):
            raise TypeError(f"`{argument}` must be integers; got dtype {dtype}.")


def _check_take(x, indices, axis):
    _check_indices(indices)
    shape = _shape(x)
    if axis is None:
        shape, axis_out = (_prod(shape),), None
        axis = 0
    else:
        axis = axis_out = _axis(axis, len(shape))
    _require_rank("take", shape, 1)
    return axis_out, shape[:axis] + _shape(indices) + shape[axis + 1 :]


class Take(_Op):
    def __init__(self, axis=None, name=None):
        super().__init__(name=name)
        self.axis = axis

    def call(self, x, indices):
        return take(x, indices, self.axis)

    def compute_output_spec(self, x, indices):
        return KerasTensor(_check_take(x, indices, self.axis)[1], dtype=_dtype(x))


def take(x, indices, axis=None):
    """Takes the elements of a tensor at the given indices along an axis.

    Args:
        x: tensor.
        indices: integer indices (negative ones count from the end).
        axis: axis to take along; None takes from the flattened tensor.

    Returns:
        A tensor of shape `x.shape[:axis] + indices.shape + x.shape[axis + 1:]`.

    >>> keras.ops.take(keras.ops.array([4, 5, 6]), keras.ops.array([2, 0]))
    array([6, 4], dtype=int32)
    """
    if _symbolic(x, indices):
        return Take(axis).symbolic_call(x, indices)
    axis, _ = _check_take(x, indices, axis)
    return active.manipulation.take(x, indices, axis)


def _check_take_along_axis(x, indices, axis):
    _check_indices(indices)
    shape, index_shape = _shape(x), _shape(indices)
    if axis is None:
        if len(index_shape) != 1:
            raise ValueError(
                f"`take_along_axis` with axis=None expects 1-D `indices`; got shape "
                f"{index_shape}."
            )
        return None, index_shape
    axis = _axis(axis, len(shape))
    if len(index_shape) != len(shape):
        raise ValueError(
            f"`take_along_axis` expects `indices` of the rank of `x` ({len(shape)}); "
            f"got shape {index_shape}."
        )
    rest = symbolic.broadcast_shapes(
        shape[:axis] + (1,) + shape[axis + 1 :],
        index_shape[:axis] + (1,) + index_shape[axis + 1 :],
    )
    return axis, rest[:axis] + (index_shape[axis],) + rest[axis + 1 :]


class TakeAlongAxis(_Op):
    def __init__(self, axis=None, name=None):
        super().__init__(name=name)
        self.axis = axis

    def call(self, x, indices):
        return take_along_axis(x, indices, self.axis)

    def compute_output_spec(self, x, indices):
        shape = _check_take_along_axis(x, indices, self.axis)[1]
        return KerasTensor(shape, dtype=_dtype(x))


def take_along_axis(x, indices, axis=None):
    """Takes values along an axis at per-position indices (as argsort's output).

    Args:
        x: tensor.
        indices: integer indices of the rank of `x`; the other axes broadcast
            against those of `x`.
        axis: axis to take along; None takes from the flattened tensor (1-D indices).

    Returns:
        `result[..., i, ...] = x[..., indices[..., i, ...], ...]` along `axis`.

    >>> x = keras.ops.array([[10, 30, 20]])
    >>> keras.ops.take_along_axis(x, keras.ops.array([[0, 2, 1]]), axis=1)
    array([[10, 20, 30]], dtype=int32)
    """
    if _symbolic(x, indices):
        return TakeAlongAxis(axis).symbolic_call(x, indices)
    axis, _ = _check_take_along_axis(x, indices, axis)
    return active.manipulation.take_along_axis(x, indices, axis)


def _check_select(condlist, choicelist, default):
    sequences = (list, tuple)
    if not isinstance(condlist, sequences) or not isinstance(choicelist, sequences):
        raise TypeError(
            "`condlist` and `choicelist` must be lists of tensors; got "
            f"{type(condlist).__name__} and {type(choicelist).__name__}."
        )
    if len(condlist) != len(choicelist) or not condlist:
        raise ValueError(
            "`condlist` and `choicelist` must be non-empty and of the same length; got "
            f"{len(condlist)} and {len(choicelist)}."
        )
    for cond in condlist:
        if symbolic.dtype_of(cond) not in ("bool", bool):
            raise TypeError(
                "`condlist` must hold bool tensors; got dtype "
                f"{symbolic.dtype_of(cond)}."
            )
    shape = symbolic.broadcast_shapes(
        *(_shape(v) for v in list(condlist) + list(choicelist) + [default])
    )
    return shape, _promoted(list(choicelist) + [default])


class Select(_Op):
    def call(self, condlist, choicelist, default=0):
        return select(condlist, choicelist, default)

    def compute_output_spec(self, condlist, choicelist, default=0):
        shape, dtype = _check_select(condlist, choicelist, default)
        return KerasTensor(shape, dtype=dtype)


def select(condlist, choicelist, default=0):
    """Picks, element-wise, from the first choice whose condition holds.

    Args:
        condlist: list of bool tensors.
        choicelist: list of tensors, one per condition.
        default: the value where no condition holds.

    Returns:
        A tensor of the broadcast shape of all the inputs, in the promoted dtype of
        `choicelist` and `default`.

    >>> x = keras.ops.array([-1, 0, 2])
    >>> keras.ops.select([x < 0, x > 0], [x * 10, x], default=7)
    array([-10,   7,   2], dtype=int32)
    """
    if _symbolic_sequence(condlist) or _symbolic_sequence(choicelist) or _symbolic(
        default
    ):
        return Select().symbolic_call(condlist, choicelist, default)
    _check_select(condlist, choicelist, default)
    return active.manipulation.select(list(condlist), list(choicelist), default)


def _check_unravel_index(indices, shape):
    _check_indices(indices)
    shape = _int_tuple(shape, "shape", minimum=0)
    return shape, _shape(indices)


class UnravelIndex(_Op):
    def __init__(self, shape, name=None):
        super().__init__(name=name)
        self.shape = shape

    def call(self, indices):
        return unravel_index(indices, self.shape)

    def compute_output_spec(self, indices):
        shape, index_shape = _check_unravel_index(indices, self.shape)
        return tuple(KerasTensor(index_shape, dtype="int32") for _ in shape)


def unravel_index(indices, shape):
    """Converts flat indices into coordinate tensors for a given shape (C order).

    Args:
        indices: integer flat indices, in [0, prod(shape)).
        shape: the shape of the array indexed.

    Returns:
        A tuple of int32 tensors, one per axis of `shape`, of the shape of `indices`.

    >>> keras.ops.unravel_index(keras.ops.array([5, 1]), (2, 3))
    (array([1, 0], dtype=int32), array([2, 1], dtype=int32))
    """
    if _symbolic(indices):
        return UnravelIndex(shape).symbolic_call(indices)
    shape, _ = _check_unravel_index(indices, shape)
    return active.manipulation.unravel_index(indices, shape)


def _check_view(x, dtype):
    shape = _shape(x)
    source = _dtype(x)
    target = source if dtype is None else dtypes.standardize_dtype(dtype)
    old = dtypes.numpy_dtype(source).itemsize
    new = dtypes.numpy_dtype(target).itemsize
    if old == new:
        return target, shape
    if not shape:
        raise ValueError(
            f"`view` cannot change the item size ({source} to {target}) of a scalar."
        )
    last = shape[-1]
    if new < old:
        last = None if last is None else last * (old // new)
    elif last is not None:
        if (last * old) % new:
            raise ValueError(
                f"`view` as {target} needs the last axis of `x` ({last} x {source}) to "
                f"be a whole number of {target} items."
            )
        last = last * old // new
    return target, shape[:-1] + (last,)


class View(_Op):
    def __init__(self, dtype=None, name=None):
        super().__init__(name=name)
        self.dtype = dtype

    def call(self, x):
        return view(x, self.dtype)

    def compute_output_spec(self, x):
        dtype, shape = _check_view(x, self.dtype)
        return KerasTensor(shape, dtype=dtype)


def view(x, dtype=None):
    """Reinterprets the bytes of a tensor as another dtype.

    A dtype of another item size changes the length of the last axis.

    Args:
        x: tensor.
        dtype: the new dtype; None keeps that of `x`.

    Returns:
        A tensor of `dtype` with the same bytes as `x`.

    >>> keras.ops.view(keras.ops.array([1.0], dtype="float32"), "int32")
    array([1065353216], dtype=int32)
    """
    if _symbolic(x):
        return View(dtype).symbolic_call(x)
    dtype, _ = _check_view(x, dtype)
    return active.manipulation.view(x, dtype)


# ------------------------------------------------------------------------ indexing


def _index_kind(entry):
    """"none", "ellipsis", "int", "slice", or "array" for an entry of an index key."""
    if entry is None:
        return "none"
    if entry is Ellipsis:
        return "ellipsis"
    if isinstance(entry, bool):
        raise TypeError(
            "`get_item` takes no Python bools as indices; use a bool tensor as a mask."
        )
    if isinstance(entry, numbers.Integral):
        return "int"
    if isinstance(entry, slice):
        for part in (entry.start, entry.stop, entry.step):
            if part is not None and not isinstance(part, numbers.Integral):
                raise TypeError(
                    f"`get_item` takes slices of ints or None; got {entry!r}."
                )
        if entry.step == 0:
            raise ValueError("`get_item` slice step cannot be zero.")
        return "slice"
    if isinstance(entry, (list, KerasTensor)) or hasattr(entry, "shape"):
        dtype = symbolic.dtype_of(entry)
        if dtype in ("bool", bool) or (dtype is not int and dtypes.is_int_dtype(dtype)):
            return "array"
        if isinstance(entry, list) and not entry:
            return "array"
        raise TypeError(
            f"`get_item` takes integer or bool tensors as indices; got dtype {dtype}."
        )
    raise TypeError(
        "`get_item` takes ints, slices, None, Ellipsis and integer or bool tensors as "
        f"indices; got {type(entry).__name__}."
    )


def _mask_count(entry):
    """The number of True values of a concrete mask, or None."""
    if isinstance(entry, (list, np.ndarray)):
        return int(np.count_nonzero(entry))
    return None


def _get_item_spec(shape, key):
    """The shape of `x[key]` for `x` of `shape` (None dims allowed), NumPy's rules."""
    key = key if isinstance(key, tuple) else (key,)
    kinds = [_index_kind(entry) for entry in key]
    if kinds.count("ellipsis") > 1:
        raise IndexError("`get_item` takes at most one Ellipsis (...).")
    consumed = 0
    for entry, kind in zip(key, kinds):
        if kind in ("int", "slice"):
            consumed += 1
        elif kind == "array":
            is_mask = symbolic.dtype_of(entry) in ("bool", bool)
            consumed += len(_shape(entry)) if is_mask else 1
    if consumed > len(shape):
        raise IndexError(
            f"`get_item` got too many indices ({consumed}) for a tensor of rank "
            f"{len(shape)}."
        )
    if "ellipsis" in kinds:
        at = kinds.index("ellipsis")
        fill = [(slice(None), "slice")] * (len(shape) - consumed)
        entries = list(zip(key[:at], kinds[:at])) + fill + list(
            zip(key[at + 1 :], kinds[at + 1 :])
        )
    else:
        entries = list(zip(key, kinds)) + [(slice(None), "slice")] * (
            len(shape) - consumed
        )
    advanced = "array" in kinds
    out, advanced_shapes, advanced_at, axis = [], [], [], 0
    for position, (entry, kind) in enumerate(entries):
        if kind == "none":
            out.append(1)
            continue
        if kind == "slice":
            dim = shape[axis]
            out.append(None if dim is None else len(range(*entry.indices(dim))))
            axis += 1
            continue
        if kind == "int":
            dim = shape[axis]
            if dim is not None and not -dim <= entry < dim:
                raise IndexError(
                    f"`get_item` index {entry} is out of range for axis {axis} of "
                    f"length {dim}."
                )
            axis += 1
            if advanced:
                advanced_shapes.append(())
                advanced_at.append(position)
            continue
        index_shape = _shape(entry)
        if symbolic.dtype_of(entry) in ("bool", bool):
            dims = shape[axis : axis + len(index_shape)]
            for got, want in zip(index_shape, dims):
                if got is not None and want is not None and got != want:
                    raise IndexError(
                        f"`get_item` mask of shape {index_shape} does not match the "
                        f"axes {dims} it indexes."
                    )
            advanced_shapes.append((_mask_count(entry),))
            axis += len(index_shape)
        else:
            advanced_shapes.append(index_shape)
            axis += 1
        advanced_at.append(position)
    if not advanced:
        return tuple(out)
    broadcast = symbolic.broadcast_shapes(*advanced_shapes)
    adjacent = advanced_at == list(range(advanced_at[0], advanced_at[-1] + 1))
    # `out` holds the basic dims in order; advanced ones go where the first advanced
    # index was when they are adjacent, else first.
    if adjacent:
        kinds_before = [kind for _, kind in entries[: advanced_at[0]]]
        before = sum(1 for kind in kinds_before if kind in ("none", "slice"))
        return tuple(out[:before]) + broadcast + tuple(out[before:])
    return broadcast + tuple(out)


def _symbolic_key(key):
    if isinstance(key, tuple):
        return _symbolic(*key)
    return isinstance(key, KerasTensor)


def _loaded_key(key):
    """A tuple key as a Functional config gives it back: JSON has no tuples, so
    `x[:, 0]` is recorded as the list `[slice, 0]`. A list holding a slice, None or
    Ellipsis can only have been a tuple (a list of ints stays an index array)."""
    if isinstance(key, list) and any(
        k is None or k is Ellipsis or isinstance(k, slice) for k in key
    ):
        return tuple(key)
    return key


class GetItem(_Op):
    def call(self, x, key):
        return get_item(x, _loaded_key(key))

    def compute_output_spec(self, x, key):
        key = _loaded_key(key)
        return KerasTensor(_get_item_spec(_shape(x), key), dtype=_dtype(x))


def get_item(x, key):
    """`x[key]`, with NumPy's basic and advanced indexing.

    Args:
        x: tensor.
        key: an int, a slice, None (a new axis), Ellipsis, an integer tensor (gathers)
            or a bool tensor (a mask), or a tuple of these.

    Returns:
        The selected elements, in the dtype of `x`.

    >>> x = keras.ops.array([[1, 2], [3, 4]])
    >>> keras.ops.get_item(x, (slice(None), 0))
    array([1, 3], dtype=int32)
    """
    if isinstance(x, KerasTensor) or _symbolic_key(key):
        return GetItem().symbolic_call(x, key)
    _get_item_spec(_shape(x), key)
    return active.manipulation.get_item(x, key)
