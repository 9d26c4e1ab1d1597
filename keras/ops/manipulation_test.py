"""keras.ops manipulation ops against NumPy: values, dtypes, symbolic specs, errors."""

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import dtypes
from keras.ops import testing

DTYPES = ["float32", "int32", "bool", "int8", "uint8", "float16", "bfloat16", "uint32"]


def array(shape, dtype="float32", seed=0):
    return testing.random_array(shape, dtype, seed=seed, low=-5, high=5)


def np_dtype(dtype):
    return dtypes.numpy_dtype(dtype)


# (id, input shape, keras.ops call, NumPy reference): ops on one tensor that keep its
# dtype and move, drop or repeat elements.
UNARY = [
    ("broadcast_to", (3, 1), lambda x: ops.broadcast_to(x, (2, 3, 4)),
     lambda x: np.broadcast_to(x, (2, 3, 4))),
    ("broadcast_to_scalar", (), lambda x: ops.broadcast_to(x, (2,)),
     lambda x: np.broadcast_to(x, (2,))),
    ("reshape", (2, 6), lambda x: ops.reshape(x, (3, -1)), lambda x: x.reshape(3, -1)),
    ("reshape_int", (2, 3), lambda x: ops.reshape(x, 6), lambda x: x.reshape(6)),
    ("reshape_empty", (0, 3), lambda x: ops.reshape(x, (3, 0)),
     lambda x: x.reshape(3, 0)),
    ("ravel", (2, 3, 2), ops.ravel, np.ravel),
    ("expand_dims", (2, 3), lambda x: ops.expand_dims(x, -1),
     lambda x: np.expand_dims(x, -1)),
    ("expand_dims_tuple", (2, 3), lambda x: ops.expand_dims(x, (0, 3)),
     lambda x: np.expand_dims(x, (0, 3))),
    ("squeeze", (1, 3, 1), ops.squeeze, np.squeeze),
    ("squeeze_axis", (1, 3, 1), lambda x: ops.squeeze(x, -1),
     lambda x: np.squeeze(x, -1)),
    ("transpose", (2, 3, 4), ops.transpose, np.transpose),
    ("transpose_axes", (2, 3, 4), lambda x: ops.transpose(x, (1, 0, 2)),
     lambda x: np.transpose(x, (1, 0, 2))),
    ("moveaxis", (2, 3, 4), lambda x: ops.moveaxis(x, 0, -1),
     lambda x: np.moveaxis(x, 0, -1)),
    ("moveaxis_many", (2, 3, 4, 5), lambda x: ops.moveaxis(x, (0, 1), (3, 0)),
     lambda x: np.moveaxis(x, (0, 1), (3, 0))),
    ("swapaxes", (2, 3, 4), lambda x: ops.swapaxes(x, 0, -1),
     lambda x: np.swapaxes(x, 0, -1)),
    ("flip", (2, 3, 4), ops.flip, np.flip),
    ("flip_axis", (2, 3, 4), lambda x: ops.flip(x, -2), lambda x: np.flip(x, -2)),
    ("flip_axes", (2, 3, 4), lambda x: ops.flip(x, (0, 2)),
     lambda x: np.flip(x, (0, 2))),
    ("flip_empty", (0, 3), ops.flip, np.flip),
    ("fliplr", (2, 3, 4), ops.fliplr, np.fliplr),
    ("flipud", (3,), ops.flipud, np.flipud),
    ("roll", (2, 5), lambda x: ops.roll(x, 3), lambda x: np.roll(x, 3)),
    ("roll_axis", (2, 5), lambda x: ops.roll(x, -2, axis=1),
     lambda x: np.roll(x, -2, axis=1)),
    ("roll_axes", (3, 5), lambda x: ops.roll(x, (1, 7), axis=(0, 1)),
     lambda x: np.roll(x, (1, 7), axis=(0, 1))),
    ("rot90", (2, 3), ops.rot90, np.rot90),
    ("rot90_k2", (2, 3, 4), lambda x: ops.rot90(x, 2, (1, 2)),
     lambda x: np.rot90(x, 2, (1, 2))),
    ("rot90_k3", (2, 3, 4), lambda x: ops.rot90(x, -1, (2, 0)),
     lambda x: np.rot90(x, -1, (2, 0))),
    ("diagonal", (3, 4), ops.diagonal, np.diagonal),
    ("diagonal_offset", (3, 4), lambda x: ops.diagonal(x, 2),
     lambda x: np.diagonal(x, 2)),
    ("diagonal_negative", (2, 4, 3), lambda x: ops.diagonal(x, -1, 2, 1),
     lambda x: np.diagonal(x, -1, 2, 1)),
    ("diagonal_out_of_range", (3, 4), lambda x: ops.diagonal(x, 5),
     lambda x: np.diagonal(x, 5)),
    ("repeat", (2, 3), lambda x: ops.repeat(x, 2), lambda x: np.repeat(x, 2)),
    ("repeat_axis", (2, 3), lambda x: ops.repeat(x, 3, axis=-1),
     lambda x: np.repeat(x, 3, axis=-1)),
    ("repeat_counts", (3, 2), lambda x: ops.repeat(x, [1, 0, 2], axis=0),
     lambda x: np.repeat(x, [1, 0, 2], axis=0)),
    ("tile", (2, 3), lambda x: ops.tile(x, 2), lambda x: np.tile(x, 2)),
    ("tile_more", (2, 3), lambda x: ops.tile(x, (2, 1, 3)),
     lambda x: np.tile(x, (2, 1, 3))),
    ("pad", (2, 3), lambda x: ops.pad(x, 1), lambda x: np.pad(x, 1)),
    ("pad_pairs", (2, 3), lambda x: ops.pad(x, ((0, 2), (1, 0))),
     lambda x: np.pad(x, ((0, 2), (1, 0)))),
    ("swapaxes_same", (2, 3), lambda x: ops.swapaxes(x, 1, 1), lambda x: x),
]


@pytest.mark.parametrize("case", UNARY, ids=[c[0] for c in UNARY])
@pytest.mark.parametrize("dtype", DTYPES)
def test_unary_ops_match_numpy(case, dtype):
    _, shape, op, reference = case
    x = array(shape, dtype)
    testing.assert_close(op(x), reference(x))


# Nested lists lose the shape of empty arrays.
LIST_CASES = [case for case in UNARY if 0 not in case[1]]


@pytest.mark.parametrize("case", LIST_CASES, ids=[c[0] for c in LIST_CASES])
def test_unary_ops_accept_python_lists(case):
    _, shape, op, reference = case
    x = array(shape, "int32")
    testing.assert_close(op(x.tolist()), reference(x))


PAD_MODES = ["edge", "reflect", "symmetric", "wrap"]


@pytest.mark.parametrize("mode", PAD_MODES)
@pytest.mark.parametrize("pad_width", [1, (2, 1), ((0, 3), (2, 1)), ((4,),)])
@pytest.mark.parametrize("dtype", ["float32", "int32", "bool", "uint16"])
def test_pad_modes_match_numpy(mode, pad_width, dtype):
    x = array((2, 3), dtype)
    expected = np.pad(x, pad_width, mode=mode)
    testing.assert_close(ops.pad(x, pad_width, mode=mode), expected)


def test_pad_circular_is_wrap_and_constant_values_are_used():
    x = array((2, 3), "int8")
    testing.assert_close(ops.pad(x, 2, mode="circular"), np.pad(x, 2, mode="wrap"))
    testing.assert_close(
        ops.pad(x, ((1, 0), (0, 2)), constant_values=7),
        np.pad(x, ((1, 0), (0, 2)), constant_values=7),
    )
    y = array((3,), "float16")
    testing.assert_close(
        ops.pad(y, 1, constant_values=-1.5), np.pad(y, 1, constant_values=-1.5)
    )


# ---------------------------------------------------------------------------- joining

JOIN_DTYPES = [
    ("float32", "float32", "float32"),
    ("int8", "int16", "int16"),
    ("int8", "uint8", "int16"),
    ("int32", "float16", "float16"),
    ("bool", "int8", "int8"),
    ("bfloat16", "float16", "float32"),
]


@pytest.mark.parametrize("dtype1,dtype2,expected", JOIN_DTYPES)
def test_joining_ops_promote_dtypes(dtype1, dtype2, expected):
    a, b = array((2, 3), dtype1, seed=1), array((2, 3), dtype2, seed=2)
    wide = np_dtype(expected)
    ops_a, ops_b = a, b
    a, b = a.astype(wide), b.astype(wide)
    pairs = {
        "concatenate": (ops.concatenate([ops_a, ops_b], axis=1),
                        np.concatenate([a, b], 1)),
        "concatenate_none": (ops.concatenate([ops_a, ops_b], axis=None),
                             np.concatenate([a.ravel(), b.ravel()])),
        "append": (ops.append(ops_a, ops_b), np.append(a.astype(wide), b.astype(wide))),
        "append_axis": (ops.append(ops_a, ops_b, axis=0),
                        np.append(a.astype(wide), b.astype(wide), axis=0)),
        "stack": (ops.stack([ops_a, ops_b], axis=-1), np.stack([a, b], axis=-1)),
        "hstack": (ops.hstack([ops_a, ops_b]), np.hstack([a, b])),
        "vstack": (ops.vstack([ops_a, ops_b]), np.vstack([a, b])),
        "dstack": (ops.dstack([ops_a, ops_b]), np.dstack([a, b])),
    }
    for name, (actual, reference) in pairs.items():
        testing.assert_close(actual, reference.astype(wide))


@pytest.mark.parametrize(
    "shapes,axis",
    [
        ([(2, 3), (4, 3)], 0),
        ([(2, 3), (2, 1), (2, 0)], -1),
        ([(0, 3), (1, 3)], 0),
        ([(3,)], 0),
    ],
)
def test_concatenate_shapes(shapes, axis):
    xs = [array(s, seed=i) for i, s in enumerate(shapes)]
    testing.assert_close(ops.concatenate(xs, axis=axis), np.concatenate(xs, axis=axis))


@pytest.mark.parametrize(
    "name,shapes",
    [
        ("hstack", [(3,), (2,)]),
        ("hstack", [(), ()]),
        ("hstack", [(2, 3), (2, 1), (2, 0)]),
        ("vstack", [(3,), (3,)]),
        ("vstack", [(), ()]),
        ("vstack", [(2, 3), (4, 3)]),
        ("vstack", [(3,), (1, 3)]),
        ("dstack", [(3,), (3,)]),
        ("dstack", [(2, 3), (2, 3, 2)]),
        ("dstack", [(), ()]),
    ],
)
def test_xstack_shapes(name, shapes):
    xs = [array(s, seed=i) for i, s in enumerate(shapes)]
    testing.assert_close(getattr(ops, name)(xs), getattr(np, name)(xs))


def test_stack_axes_and_python_scalars():
    xs = [array((2, 3), seed=i) for i in range(3)]
    for axis in (0, 1, 2, -1, -3):
        testing.assert_close(ops.stack(xs, axis=axis), np.stack(xs, axis=axis))
    testing.assert_close(ops.stack([1, 2]), np.array([1, 2], "int32"))
    x = array((2,), "int8")
    # A list converts to its own dtype (int32), which takes part in the promotion.
    expected = np.concatenate([x, [3]]).astype("int32")
    testing.assert_close(ops.concatenate([x, [3]]), expected)


# -------------------------------------------------------------------------- splitting


def assert_sections(actual, expected):
    assert isinstance(actual, list), type(actual)
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected):
        testing.assert_close(a, e)


@pytest.mark.parametrize(
    "shape,sections,axis",
    [
        ((6, 2), 3, 0),
        ((6, 2), [2, 3], 0),
        ((2, 6), [1, -2], -1),
        ((2, 6), [0, 9], 1),
        ((4,), 1, 0),
        ((0, 3), 2, 0),
    ],
)
@pytest.mark.parametrize("dtype", ["float32", "int32", "bool"])
def test_split_matches_numpy(shape, sections, axis, dtype):
    x = array(shape, dtype)
    assert_sections(ops.split(x, sections, axis), np.split(x, sections, axis))
    expected = np.array_split(x, sections, axis)
    assert_sections(ops.array_split(x, sections, axis), expected)


@pytest.mark.parametrize("length,sections", [(10, 3), (7, 7), (2, 4), (0, 3)])
def test_array_split_uneven(length, sections):
    x = array((3, length), "int32")
    assert_sections(
        ops.array_split(x, sections, axis=1), np.array_split(x, sections, axis=1)
    )


def test_hsplit_vsplit_dsplit_match_numpy():
    x = array((4, 6, 8))
    for sections in (2, [1, 3]):
        assert_sections(ops.hsplit(x, sections), np.hsplit(x, sections))
        assert_sections(ops.vsplit(x, sections), np.vsplit(x, sections))
        assert_sections(ops.dsplit(x, sections), np.dsplit(x, sections))
    y = array((6,))
    assert_sections(ops.hsplit(y, 3), np.hsplit(y, 3))


# --------------------------------------------------------------------- selecting values


@pytest.mark.parametrize("dtype", ["float32", "int8", "bool", "bfloat16", "uint32"])
@pytest.mark.parametrize(
    "shape,indices,axis",
    [
        ((5,), [0, -1, 3], None),
        ((2, 3), [[0, 5], [-6, 2]], None),
        ((3, 4), [1, -1, 0, 1], 1),
        ((3, 4, 2), [[2, 0]], 0),
        ((3, 4), 2, 0),
        ((3, 4), np.zeros((0,), "int32"), 1),
    ],
)
def test_take_matches_numpy(dtype, shape, indices, axis):
    x = array(shape, dtype)
    expected = np.take(x, indices, axis=axis)
    testing.assert_close(ops.take(x, indices, axis=axis), expected)
    testing.assert_close(ops.take(x, np.asarray(indices, "int32"), axis=axis), expected)


@pytest.mark.parametrize("dtype", ["float32", "int32", "bool", "float16", "uint16"])
@pytest.mark.parametrize(
    "shape,index_shape,axis",
    [
        ((3, 4), (3, 2), 1),
        ((3, 4), (5, 4), 0),
        ((3, 4), (1, 6), 1),  # broadcasts over axis 0
        ((3, 1, 4), (3, 5, 2), 2),  # broadcasts over axis 1
        ((2, 3), (4,), None),
        ((2, 3, 4), (2, 3, 4), -1),
    ],
)
def test_take_along_axis_matches_numpy(dtype, shape, index_shape, axis):
    x = array(shape, dtype)
    length = x.size if axis is None else shape[axis]
    indices = testing.random_array(
        index_shape, "int32", seed=3, low=-length, high=length
    )
    if axis is None:
        expected = np.take_along_axis(x.ravel(), indices, 0)
    else:
        def others(dims):
            return tuple(1 if i == axis % len(dims) else d for i, d in enumerate(dims))

        common = np.broadcast_shapes(others(shape), others(index_shape))
        target = list(common)
        target[axis] = shape[axis]
        full_x = np.broadcast_to(x, target)
        target[axis] = index_shape[axis]
        expected = np.take_along_axis(full_x, np.broadcast_to(indices, target), axis)
    testing.assert_close(ops.take_along_axis(x, indices, axis=axis), expected)


def test_take_along_axis_with_argsort_order():
    x = array((3, 5))
    order = np.argsort(x, axis=1).astype("int32")
    testing.assert_close(ops.take_along_axis(x, order, axis=1), np.sort(x, axis=1))


@pytest.mark.parametrize("dtype", ["float32", "int8", "bool"])
def test_select_matches_numpy(dtype):
    x = array((2, 3), "float32")
    conditions = [x < -1, x > 2]
    choices = [array((2, 3), dtype, seed=1), array((3,), dtype, seed=2)]
    default = True if dtype == "bool" else 1
    expected = np.select(conditions, choices, default).astype(dtype)
    testing.assert_close(ops.select(conditions, choices, default), expected)


def test_select_promotes_choices_and_broadcasts_default():
    x = array((4,), "float32")
    a, b = array((4,), "int8", seed=1), array((1,), "int16", seed=2)
    expected = np.select([x < 0, x > 1], [a.astype("int16"), b], 0).astype("int16")
    testing.assert_close(ops.select([x < 0, x > 1], [a, b]), expected)
    # Only the default can widen the shape.
    one, zeros = np.array(1.0, "float32"), np.zeros((2,), "float32")
    result = ops.select([np.array(True)], [one], zeros)
    testing.assert_close(result, np.ones((2,), "float32"))


@pytest.mark.parametrize(
    "indices,shape",
    [(5, (2, 3)), ([0, 5, 23], (2, 3, 4)), ([[1, 2], [3, 0]], (4,)), ([], (3, 3))],
)
def test_unravel_index_matches_numpy(indices, shape):
    indices = np.asarray(indices, "int32")
    result = ops.unravel_index(indices, shape)
    assert isinstance(result, tuple) and len(result) == len(shape)
    for actual, expected in zip(result, np.unravel_index(indices, shape)):
        testing.assert_close(actual, expected.astype("int32"))


@pytest.mark.parametrize(
    "source,target,shape",
    [
        ("float32", "int32", (2, 3)),
        ("int32", "float32", ()),
        ("int32", "uint8", (2, 3)),
        ("int8", "int16", (3, 4)),
        ("uint8", "float32", (2, 8)),
        ("float16", "int16", (5,)),
        ("bfloat16", "uint16", (5,)),
        ("int16", "bfloat16", (2, 2)),
        ("bool", "uint8", (3,)),
        ("int32", None, (2,)),
    ],
)
def test_view_matches_numpy(source, target, shape):
    x = array(shape, source)
    expected = x.view(np_dtype(target)) if target else x
    testing.assert_close(ops.view(x, target), expected)


def test_size_and_ndim():
    for shape in [(), (3,), (2, 0, 4), (2, 3, 4)]:
        x = array(shape)
        assert int(ops.size(x)) == int(np.prod(shape))
        assert int(ops.ndim(x)) == len(shape)
    assert ops.ndim([[1, 2]]) == 2


# ---------------------------------------------------------------------------- indexing

X = np.arange(2 * 3 * 4 * 5, dtype="float32").reshape(2, 3, 4, 5)
KEYS = [
    0,
    -1,
    (1, 2),
    slice(1, None),
    (slice(None), slice(None, None, 2)),
    (slice(None, None, -1), slice(3, 0, -2)),
    (Ellipsis, -1),
    (0, Ellipsis, slice(1, 3)),
    (None, 0),
    (slice(None), None, 1, None),
    np.array([1, 0, 1]),
    [1, -1],
    (slice(None), np.array([[0, 2], [1, 1]])),
    (np.array([0, 1]), np.array([2, 0])),
    (np.array([0, 1]), slice(None), np.array([2, 0])),
    (slice(None), np.array([0, 2]), np.array([1, 3])),
    (0, slice(None), np.array([1, 2])),
    (slice(None), 0, np.array([1, 2])),
    (np.array([1]), Ellipsis, np.array([[0], [4]])),
    (np.array([0, 1]), None, np.array([1, 2])),
    (np.array(1), slice(None), 1),
    (slice(None), slice(None), slice(None), slice(10, 20)),
    (Ellipsis, np.array([True, False, True, False, True])),
    (np.array([[True, False, True], [False, False, True]]),),
    (slice(1, None), np.array([True, False, True]), 0),
    (np.array([], "int32"),),
]


def key_id(key):
    return repr(key).replace(" ", "").replace("\n", "")[:40]


@pytest.mark.parametrize("key", KEYS, ids=[key_id(k) for k in KEYS])
def test_get_item_matches_numpy(key):
    expected = X[key]
    testing.assert_close(ops.get_item(X, key), expected)
    testing.assert_close(ops.get_item(active.convert_to_tensor(X), key), expected)


@pytest.mark.parametrize("dtype", ["int8", "bool", "bfloat16", "uint32"])
def test_get_item_keeps_dtype(dtype):
    x = array((3, 4), dtype)
    for key in [(slice(None, None, -1), 1), (np.array([2, 0]),), (x != x[0, 0],)]:
        testing.assert_close(ops.get_item(x, key), x[key])


def test_get_item_with_tensor_keys():
    x = active.convert_to_tensor(X)
    index = active.convert_to_tensor(np.array([2, 0], "int32"))
    mask = active.convert_to_tensor(np.array([True, False, True]))
    testing.assert_close(ops.get_item(x, (slice(None), index)), X[:, [2, 0]])
    testing.assert_close(ops.get_item(x, (0, mask)), X[0, [True, False, True]])


# ------------------------------------------------------------------- symbolic shapes


def sym(shape, dtype="float32"):
    return testing.symbolic(shape, dtype)


SPECS = [
    (lambda: ops.broadcast_to(sym((None, 1)), (2, 3, 4)), (2, 3, 4), "float32"),
    (lambda: ops.reshape(sym((2, 6), "int8"), (3, -1)), (3, 4), "int8"),
    (lambda: ops.reshape(sym((None, 6)), (-1, 3)), (None, 3), "float32"),
    (lambda: ops.ravel(sym((2, None))), (None,), "float32"),
    (lambda: ops.ravel(sym((2, 3), "bool")), (6,), "bool"),
    (lambda: ops.expand_dims(sym((None, 3)), (0, -1)), (1, None, 3, 1), "float32"),
    (lambda: ops.squeeze(sym((1, None, 1))), (None,), "float32"),
    (lambda: ops.squeeze(sym((None, 1)), 1), (None,), "float32"),
    (lambda: ops.transpose(sym((None, 3, 4))), (4, 3, None), "float32"),
    (lambda: ops.transpose(sym((None, 3, 4)), (0, 2, 1)), (None, 4, 3), "float32"),
    (lambda: ops.moveaxis(sym((None, 3, 4)), 0, -1), (3, 4, None), "float32"),
    (lambda: ops.swapaxes(sym((None, 3, 4)), 0, 2), (4, 3, None), "float32"),
    (lambda: ops.flip(sym((None, 3), "int32"), 0), (None, 3), "int32"),
    (lambda: ops.fliplr(sym((None, 3))), (None, 3), "float32"),
    (lambda: ops.flipud(sym((None, 3))), (None, 3), "float32"),
    (lambda: ops.roll(sym((None, 3)), 2), (None, 3), "float32"),
    (lambda: ops.rot90(sym((None, 3, 4))), (3, None, 4), "float32"),
    (lambda: ops.rot90(sym((None, 3, 4)), 2), (None, 3, 4), "float32"),
    (lambda: ops.diagonal(sym((None, 3, 5)), 1, 1, 2), (None, 3), "float32"),
    (lambda: ops.diagonal(sym((None, 3, 5))), (5, None), "float32"),
    (lambda: ops.pad(sym((None, 3)), ((1, 2), (0, 1))), (None, 4), "float32"),
    (lambda: ops.pad(sym((2, 3), "uint8"), 1, mode="reflect"), (4, 5), "uint8"),
    (lambda: ops.repeat(sym((None, 3)), 2, axis=1), (None, 6), "float32"),
    (lambda: ops.repeat(sym((2, 3)), [1, 2, 3], axis=1), (2, 6), "float32"),
    (lambda: ops.repeat(sym((2, 3)), 2), (12,), "float32"),
    (lambda: ops.repeat(sym((2, 3)), sym((3,), "int32"), axis=1), (2, None), "float32"),
    (lambda: ops.tile(sym((None, 3)), (2, 1, 2)), (2, None, 6), "float32"),
    (lambda: ops.take(sym((None, 5)), sym((2, 3), "int32"), axis=1), (None, 2, 3),
     "float32"),
    (lambda: ops.take(sym((2, 5)), sym((7,), "int32")), (7,), "float32"),
    (lambda: ops.take_along_axis(sym((None, 5)), sym((1, 2), "int32"), 1), (None, 2),
     "float32"),
    (lambda: ops.concatenate([sym((None, 3)), sym((2, 3), "int32")]), (None, 3),
     "float32"),
    (lambda: ops.concatenate([sym((2, None)), sym((2, 3))], axis=1), (2, None),
     "float32"),
    (lambda: ops.concatenate([sym((2, 3), "int8"), sym((2, 4), "int16")], axis=-1),
     (2, 7), "int16"),
    (lambda: ops.append(sym((2, 3)), sym((4,))), (10,), "float32"),
    (lambda: ops.stack([sym((None, 3)), sym((2, None))], axis=1), (2, 2, 3), "float32"),
    (lambda: ops.hstack([sym((3,)), sym((4,))]), (7,), "float32"),
    (lambda: ops.hstack([sym((None, 3)), sym((2, 4))]), (2, 7), "float32"),
    (lambda: ops.vstack([sym((3,)), sym((None, 3))]), (None, 3), "float32"),
    (lambda: ops.dstack([sym((3,)), sym((3,), "int32")]), (1, 3, 2), "float32"),
    (lambda: ops.select([sym((None, 1), "bool")], [sym((3,), "int8")], 0), (None, 3),
     "int8"),
    (lambda: ops.view(sym((None, 4), "float32"), "uint8"), (None, 16), "uint8"),
    (lambda: ops.view(sym((None, 4), "uint8"), "int32"), (None, 1), "int32"),
    (lambda: ops.size(sym((None, 3))), (), "int32"),
    (lambda: ops.ndim(sym((None, 3))), (), "int32"),
    (lambda: sym((None, 3, 4))[0], (3, 4), "float32"),
    (lambda: sym((None, 3, 4))[:, None, 1:], (None, 1, 2, 4), "float32"),
    (lambda: sym((None, 3, 4))[..., ::2], (None, 3, 2), "float32"),
    (lambda: sym((None, 3, 4))[sym((5,), "int32")], (5, 3, 4), "float32"),
    (lambda: sym((None, 3, 4))[:, sym((2, 5), "int32"), 0], (None, 2, 5), "float32"),
    (lambda: sym((None, 3, 4))[0, :, sym((5,), "int32")], (5, 3), "float32"),
    (lambda: sym((None, 3, 4))[sym((None, 3), "bool")], (None, 4), "float32"),
    (lambda: ops.get_item(sym((2, 3), "int8"), np.array([True, False])), (1, 3),
     "int8"),
]


@pytest.mark.parametrize("index", range(len(SPECS)))
def test_symbolic_output_specs(index):
    build, shape, dtype = SPECS[index]
    testing.assert_spec(build(), shape, dtype)


def test_symbolic_multi_output_specs():
    x = sym((None, 6, 4))
    parts = ops.split(x, [1, 4], axis=1)
    assert [p.shape for p in parts] == [(None, 1, 4), (None, 3, 4), (None, 2, 4)]
    parts = ops.array_split(x, 4, axis=1)
    assert [p.shape for p in parts] == [(None, 2, 4)] * 2 + [(None, 1, 4)] * 2
    assert [p.shape for p in ops.split(x, 2)] == [(None, 6, 4)] * 2
    assert [p.shape for p in ops.hsplit(x, 3)] == [(None, 2, 4)] * 3
    assert [p.shape for p in ops.vsplit(x, [1])] == [(None, 6, 4)] * 2
    assert [p.shape for p in ops.dsplit(x, 2)] == [(None, 6, 2)] * 2
    coordinates = ops.unravel_index(sym((None,), "int32"), (2, 3, 4))
    assert len(coordinates) == 3
    for c in coordinates:
        testing.assert_spec(c, (None,), "int32")


def test_reshape_to_a_shape_with_unknown_dims():
    # `newshape` built from `ops.shape` of a KerasTensor, as in a layer's traced call.
    x = sym((None, 2, 3), "int8")
    batch, rows, cols = ops.shape(x)
    assert batch is None
    testing.assert_spec(ops.reshape(x, (batch, -1)), (None, 6), "int8")
    testing.assert_spec(ops.reshape(x, [batch, rows * cols]), (None, 6), "int8")
    testing.assert_spec(ops.reshape(x, (batch, 3, -1)), (None, 3, 2), "int8")
    testing.assert_spec(ops.reshape(x, (-1, batch)), (6, None), "int8")
    # Unknown dims on one side only leave -1 unknown.
    testing.assert_spec(ops.reshape(sym((4, 6)), (None, -1)), (None, None), "float32")
    testing.assert_spec(ops.reshape(sym((None, None, 4)), (batch, -1)), (None, None),
                        "float32")
    with pytest.raises(ValueError, match="reshape"):
        ops.reshape(sym((2, 5)), (None, 3))
    with pytest.raises(ValueError, match="at most one"):
        ops.reshape(x, (batch, -1, -1))
    with pytest.raises(ValueError, match="newshape"):
        ops.reshape(x, (batch, -2))
    # A concrete tensor has no unknown dims: None stays an error there.
    with pytest.raises(TypeError, match="newshape"):
        ops.reshape(array((2, 3)), (None, 3))


def test_ops_config_round_trip():
    from keras.ops import manipulation

    for op in [
        manipulation.Pad(((1, 2),), mode="edge"),
        manipulation.Split([1, 3], axis=-1),
        manipulation.Rot90(3, (1, 0)),
        manipulation.Transpose(),
    ]:
        config = op.get_config()
        clone = type(op).from_config(config)
        assert clone.get_config() == config
    x = sym((None, 4, 5))
    op = manipulation.Diagonal(1, 1, 2)
    spec = type(op).from_config(op.get_config())(x)
    testing.assert_spec(spec, (None, 4), "float32")


def test_symbolic_and_eager_shapes_agree():
    for key in KEYS:
        spec = ops.get_item(sym((2, 3, 4, 5)), key)
        assert spec.shape == X[key].shape, key


# ------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call,error,match",
    [
        (lambda: ops.concatenate([array((2, 3)), array((3, 2))]), ValueError, "axis 1"),
        (lambda: ops.concatenate([array((2, 3)), array((3,))]), ValueError, "one rank"),
        (lambda: ops.concatenate([], 0), ValueError, "non-empty"),
        (lambda: ops.concatenate([array((2,))], axis=1), ValueError, "axis"),
        (lambda: ops.stack([array((2,)), array((3,))]), ValueError, "do not match"),
        (lambda: ops.split(array((5,)), 2), ValueError, "equal"),
        (lambda: ops.split(array((5,)), 0), ValueError, "indices_or_sections"),
        (lambda: ops.vsplit(array((5,)), 5), ValueError, "rank >= 2"),
        (lambda: ops.reshape(array((2, 3)), (4, -1)), ValueError, "reshape"),
        (lambda: ops.reshape(array((2, 3)), (-1, -1)), ValueError, "at most one"),
        (lambda: ops.broadcast_to(array((2, 3)), (3, 3)), ValueError, "broadcast"),
        (lambda: ops.expand_dims(array((2,)), 3), ValueError, "axis"),
        (lambda: ops.squeeze(array((2, 1)), 0), ValueError, "length 1"),
        (lambda: ops.transpose(array((2, 3)), (0,)), ValueError, "permutation"),
        (lambda: ops.transpose(array((2, 3)), (0, 0)), ValueError, "repeated"),
        (lambda: ops.moveaxis(array((2, 3)), (0, 1), 0), ValueError, "same number"),
        (lambda: ops.swapaxes(array((2, 3)), 0, 2), ValueError, "axis2"),
        (lambda: ops.flip(array((2, 3)), 2.0), TypeError, "axis"),
        (lambda: ops.fliplr(array((3,))), ValueError, "rank >= 2"),
        (lambda: ops.rot90(array((2, 3)), 1, (0, 0)), ValueError, "repeated"),
        (lambda: ops.diagonal(array((2, 3)), 0, 1, -1), ValueError, "differ"),
        (lambda: ops.pad(array((2,)), 1, mode="bogus"), ValueError, "mode"),
        (lambda: ops.pad(array((2,)), 1, mode="edge", constant_values=1), ValueError,
         "constant_values"),
        (lambda: ops.pad(array((2,)), -1), ValueError, "pad_width"),
        (lambda: ops.pad(array((2, 3)), ((1, 1),) * 3), ValueError, "pad_width"),
        (lambda: ops.repeat(array((3,)), [1, 2]), ValueError, "repeats"),
        (lambda: ops.repeat(array((3,)), -1), ValueError, "repeats"),
        (lambda: ops.tile(array((3,)), 1.5), TypeError, "repeats"),
        (lambda: ops.take(array((3,)), np.array([0.5])), TypeError, "indices"),
        (lambda: ops.take_along_axis(array((3, 2)), np.zeros((3,), "int32"), 1),
         ValueError, "rank"),
        (lambda: ops.select([np.array([1])], [np.array([1])]), TypeError, "bool"),
        (lambda: ops.select([], []), ValueError, "non-empty"),
        (lambda: ops.view(array(()), "int8"), ValueError, "scalar"),
        (lambda: ops.view(array((3,), "int8"), "int32"), ValueError, "whole number"),
        (lambda: ops.get_item(array((2, 3)), (0, 0, 0)), IndexError, "too many"),
        (lambda: ops.get_item(array((2, 3)), (0, 5)), IndexError, "out of range"),
        (lambda: ops.get_item(array((2, 3)), (..., ...)), IndexError, "Ellipsis"),
        (lambda: ops.get_item(array((2, 3)), 1.5), TypeError, "get_item"),
        (lambda: ops.get_item(array((2, 3)), np.array([0.5])), TypeError, "dtype"),
        (lambda: ops.get_item(array((2, 3)), np.ones((3,), bool)), IndexError, "mask"),
        (lambda: ops.unravel_index(np.array([1]), (2, -1)), ValueError, "shape"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_symbolic_bad_arguments_raise_too():
    with pytest.raises(ValueError, match="axis"):
        ops.concatenate([sym((None, 3)), sym((None, 4))])
    with pytest.raises(ValueError, match="equal"):
        ops.split(sym((None, 5)), 2, axis=1)
    with pytest.raises(IndexError, match="too many"):
        sym((None, 3))[0, 0, 0]


# --------------------------------------------------------------------------- tracing


def compiled(function):
    """`function` compiled by the engine (jax.jit, tf.function); as is elsewhere."""
    name = testing.backend_name()
    if name == "jax":
        import jax

        return jax.jit(function)
    if name == "tensorflow":
        import tensorflow as tf

        return tf.function(function)
    return function


TRACED = [
    (lambda x: ops.concatenate([x, x], axis=1), lambda x: np.concatenate([x, x], 1)),
    (lambda x: ops.split(x, [1, 3], axis=1), lambda x: np.split(x, [1, 3], 1)),
    (lambda x: ops.array_split(x, 3, axis=1), lambda x: np.array_split(x, 3, 1)),
    (lambda x: ops.reshape(x, (-1,)), np.ravel),
    (lambda x: ops.squeeze(ops.expand_dims(x, 0)), lambda x: x),
    (lambda x: ops.flip(ops.roll(x, 2, axis=1), 0),
     lambda x: np.flip(np.roll(x, 2, 1), 0)),
    (lambda x: ops.rot90(x, 3), lambda x: np.rot90(x, 3)),
    (lambda x: ops.diagonal(x, 1), lambda x: np.diagonal(x, 1)),
    (lambda x: ops.pad(x, ((1, 0), (2, 2)), mode="reflect"),
     lambda x: np.pad(x, ((1, 0), (2, 2)), mode="reflect")),
    (lambda x: ops.take(x, np.array([2, -1]), axis=1),
     lambda x: np.take(x, [2, -1], 1)),
    (lambda x: ops.take_along_axis(x, np.argsort(array((3, 5)), 1).astype("int32"), 1),
     lambda x: np.sort(x, axis=1)),
    (lambda x: ops.get_item(x, (slice(None, None, -1), np.array([0, 2]))),
     lambda x: x[::-1, [0, 2]]),
    (lambda x: ops.tile(x, (2, 1)), lambda x: np.tile(x, (2, 1))),
    (lambda x: ops.view(x, "int32"), lambda x: x.view("int32")),
    (lambda x: ops.unravel_index(ops.reshape(ops.view(x, "int32") % 12, (-1,)), (3, 4)),
     lambda x: [
         c.astype("int32")
         for c in np.unravel_index(x.view("int32").ravel() % 12, (3, 4))
     ]),
]


@pytest.mark.parametrize("index", range(len(TRACED)))
def test_ops_work_under_tracing(index):
    function, reference = TRACED[index]
    x = array((3, 5))
    actual, expected = compiled(function)(x), reference(x)
    if isinstance(expected, (list, tuple)):
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected):
            testing.assert_close(a, e)
    else:
        testing.assert_close(actual, expected)


def _stored_dtype(dtype):
    """The dtype a tensor of `dtype` has on this backend (JAX without x64 keeps 64-bit
    values in 32 bits)."""
    return dtypes.standardize_dtype(ops.convert_to_tensor(np.zeros(2, dtype)).dtype)


@pytest.mark.parametrize(
    "name,args,kwargs",
    [
        ("reshape", ((3, 2),), {}),
        ("transpose", (), {}),
        ("expand_dims", ((0, 2),), {}),
        ("flip", (), {"axis": 1}),
        ("roll", (1,), {"axis": 1}),
        ("rot90", (), {"k": 3}),
        ("tile", ((2, 1, 3),), {}),
        ("repeat", ([1, 0, 2],), {"axis": 1}),
        ("pad", (((1, 2), (2, 1)),), {"mode": "reflect"}),
        ("take", ([0, 5, 2],), {}),
        ("broadcast_to", ((3, 2, 3),), {}),
        ("diagonal", (), {"offset": 1}),
    ],
)
@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_64_bit_inputs_keep_their_dtype_symbolically(name, args, kwargs, dtype):
    # A float64/int64 KerasTensor used to give float32/int32 (64-bit narrowed by the
    # promotion rules) while the eager op keeps the dtype.
    x = np.arange(6).reshape(2, 3).astype(dtype)
    eager = getattr(ops, name)(ops.convert_to_tensor(x, dtype), *args, **kwargs)
    symbolic = getattr(ops, name)(sym((2, 3), dtype), *args, **kwargs)
    assert dtypes.standardize_dtype(eager.dtype) == _stored_dtype(dtype)
    testing.assert_spec(symbolic, tuple(eager.shape), _stored_dtype(dtype))
    expected = getattr(np, name)(x, *args, **kwargs)
    testing.assert_close(eager, expected.astype(_stored_dtype(dtype)))


@pytest.mark.parametrize("name", ["concatenate", "stack", "hstack", "vstack"])
@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_joining_tensors_of_one_64_bit_dtype_keeps_it_symbolically(name, dtype):
    xs = [np.arange(3).astype(dtype), np.arange(3, 6).astype(dtype)]
    eager = getattr(ops, name)([ops.convert_to_tensor(x, dtype) for x in xs])
    symbolic = getattr(ops, name)([sym((3,), dtype), sym((3,), dtype)])
    testing.assert_spec(symbolic, tuple(eager.shape), _stored_dtype(dtype))
    testing.assert_close(eager, getattr(np, name)(xs).astype(_stored_dtype(dtype)))
    # Mixed dtypes follow the promotion rules, 64-bit results narrowed as in Keras 3.
    mixed = getattr(ops, name)([sym((3,), dtype), sym((3,), "float32")])
    assert mixed.dtype == "float32"


def test_view_without_dtype_keeps_a_float64_tensor():
    # The eager view of a float64 tensor with dtype=None reinterpreted it as float32
    # (twice as many items): None now means the dtype of `x`, as in NumPy.
    x = np.array([1.5, -2.0, 3.25])
    result = ops.view(ops.convert_to_tensor(x, "float64"))
    testing.assert_close(result, x.astype(_stored_dtype("float64")))
    testing.assert_spec(ops.view(sym((3,), "float64")), (3,), _stored_dtype("float64"))


# Shape entries that are engine scalar tensors: `ops.reshape` takes a dim traced under
# tf.function (`ops.shape` of a tensor with an unknown batch size), as Keras 3 does.
X_TRACED = np.arange(2 * 3 * 4, dtype="float32").reshape(2, 3, 4)


def test_reshape_takes_scalar_int_tensor_entries():
    rows = ops.convert_to_tensor(np.array(3, dtype="int32"))
    out = ops.reshape(ops.convert_to_tensor(X_TRACED), (rows, -1))
    np.testing.assert_array_equal(ops.convert_to_numpy(out), X_TRACED.reshape(3, -1))


@pytest.mark.parametrize(
    "entry",
    [2.0, "2", np.array([2], dtype="int32")],
    ids=["float", "string", "rank1_array"],
)
def test_reshape_rejects_entries_that_are_not_ints(entry):
    with pytest.raises(TypeError, match="newshape"):
        ops.reshape(ops.convert_to_tensor(X_TRACED), (entry, -1))


@pytest.mark.skipif(
    active.name == "tensorflow",
    reason="the eager entry tf.reshape (as Keras 3 on tensorflow) takes a float scalar "
    "tensor with an integral value",
)
def test_reshape_rejects_a_float_tensor_entry():
    with pytest.raises(TypeError, match="newshape"):
        ops.reshape(ops.convert_to_tensor(X_TRACED), (ops.convert_to_tensor(2.0), -1))


def test_reshape_checks_the_known_dims_next_to_a_tensor_entry():
    rows = ops.convert_to_tensor(np.array(2, dtype="int32"))
    with pytest.raises(ValueError, match="reshape"):
        ops.reshape(ops.convert_to_tensor(X_TRACED), (rows, 5))


@pytest.mark.skipif(
    active.name != "tensorflow", reason="tf.function traces unknown dims as tensors"
)
def test_reshape_with_a_dim_traced_under_tf_function():
    import tensorflow as tf

    @tf.function(input_signature=[tf.TensorSpec((None, 3, 4), tf.float32)])
    def flat(x):
        batch = ops.shape(x)[0]
        assert tf.is_tensor(batch)  # the case under test: a traced scalar
        return ops.reshape(x, (batch, -1)), ops.reshape(x, (batch * 3, 4))

    for n in (1, 2):
        a, b = flat(tf.constant(X_TRACED[:n]))
        np.testing.assert_array_equal(a.numpy(), X_TRACED[:n].reshape(n, -1))
        np.testing.assert_array_equal(b.numpy(), X_TRACED[:n].reshape(n * 3, 4))


@pytest.mark.skipif(active.name != "jax", reason="jax.jit tracing is jax only")
def test_reshape_with_a_dim_read_under_jax_jit():
    import jax

    @jax.jit
    def flat(x):
        return ops.reshape(x, (ops.shape(x)[0], -1))

    np.testing.assert_array_equal(np.asarray(flat(X_TRACED)), X_TRACED.reshape(2, -1))
