"""Agreement cases (keras/ops/agreement.py) for the ops of this group: the reduction,
manipulation and creation families."""

from keras.ops.agreement import Case
from keras.ops.agreement import T

CASES = {}

# op name -> {backend: reason} where that backend's symbolic and eager results differ.
EXCEPTIONS = {}


def _reductions(names, dtypes):
    """Cases of `name(x, axis=None, keepdims=False)` reductions: all axes of a matrix,
    one axis of a batch, several axes with keepdims, a scalar."""
    for name in names:
        CASES[name] = [
            Case(T((3, 4), dtypes[0])),
            Case(T((2, 3, 4), dtypes[1 % len(dtypes)]), axis=1),
            Case(T((2, 3, 4), dtypes[2 % len(dtypes)]), axis=(0, 2), keepdims=True),
            Case(T((), dtypes[3 % len(dtypes)])),
        ]


# ----------------------------------------------------------------------- reduction
_reductions(["all", "any"], ["bool", "float32", "int32", "uint8"])
_reductions(["amax", "amin"], ["float32", "int32", "float64", "uint8"])
_reductions(["max", "min", "ptp"], ["float32", "int64", "float16", "int32"])
CASES["max"].append(Case(T((3, 4), "int32"), axis=0, initial=2))
CASES["min"].append(Case(T((3, 4), "float32"), axis=-1, initial=0.5))
_reductions(["sum"], ["float32", "int8", "float64", "bool"])
CASES["sum"].append(Case(T((2, 3), "uint8", 0, 9), axis=-1))
CASES["sum"].append(Case(T((2, 3), "float64"), axis=0, keepdims=True))
_reductions(["prod"], ["int32", "float64", "uint8", "bool"])
CASES["prod"].append(Case(T((2, 3), "int32"), axis=0, dtype="float32"))
CASES["prod"].append(Case(T((2, 3), "float32"), dtype="float64"))
_reductions(["mean", "var", "std"], ["float32", "int32", "float64", "bfloat16"])
_reductions(["median"], ["float32", "int32", "float64", "float16"])
_reductions(["nanmax", "nanmin"], ["float32", "float64", "float16", "int32"])
_reductions(["nansum", "nanprod"], ["float32", "int32", "float64", "uint8"])
_reductions(["nanmean", "nanvar", "nanstd"], ["float32", "int32", "float64", "float16"])
_reductions(["nanmedian"], ["float32", "float64", "int32", "float32"])
for _name in ("argmax", "argmin", "nanargmax", "nanargmin"):
    # One axis or all of them: NumPy's arg-reductions take no tuple of axes.
    CASES[_name] = [
        Case(T((3, 4), "float32")),
        Case(T((2, 3, 4), "int32"), axis=1),
        Case(T((2, 3, 4), "float64"), axis=-1, keepdims=True),
        Case(T((3, 4), "float16" if _name.startswith("nan") else "uint8"), axis=0),
    ]

for _name, _q in (("quantile", 0.5), ("percentile", 40.0)):
    _qs = [0.25, 0.75] if _name == "quantile" else [10.0, 90.0]
    for _op in (_name, "nan" + _name):
        CASES[_op] = [
            Case(T((3, 4), "float32"), _q),
            Case(T((2, 3, 4), "int32"), _qs, axis=1),
            Case(T((2, 3, 4), "float64"), _q, axis=(0, 2), keepdims=True),
            Case(T((5,), "float32"), _qs, method="nearest", keepdims=True),
        ]

for _name in ("cumsum", "cumprod", "nancumsum", "nancumprod"):
    CASES[_name] = [
        Case(T((3, 4), "float32")),
        Case(T((2, 3, 4), "int8", -2, 3), axis=1),
        Case(T((2, 3), "uint8", 0, 4), axis=-1),
        Case(T((2, 3), "int32"), axis=0, dtype="float32"),
    ]
CASES["cumsum"].append(Case(T((4,), "bool")))
CASES["cumprod"].append(Case(T((2, 3), "float64"), axis=1))
CASES["cumsum"].append(Case(T((2, 3), "int32"), axis=1, dtype="int64"))

CASES["sort"] = [
    Case(T((5,), "float32")),
    Case(T((2, 3, 4), "int32"), axis=1),
    Case(T((3, 4), "float64"), axis=0),
    Case(T((3, 4), "uint8", 0, 9)),
]
CASES["argsort"] = [
    Case(T((5,), "float32")),
    Case(T((2, 3, 4), "int32"), axis=1),
    Case(T((3, 4), "float64"), axis=0),
    Case(T((3, 4), "bool")),
]
CASES["argpartition"] = [
    Case(T((6,), "float32"), 2),
    Case(T((3, 5), "int32"), 1, axis=0),
    Case(T((2, 3, 5), "float64"), 3),
    Case(T((4, 5), "uint8", 0, 9), 0, axis=-1),
]
CASES["average"] = [
    Case(T((3, 4), "float32")),
    Case(T((2, 3, 4), "int32"), axis=1),
    Case(T((3, 4), "float32"), axis=1, weights=T((4,), "float32", 0.5, 2.0)),
    Case(T((3, 4), "float64"), axis=0, weights=T((3,), "int32", 1, 3)),
    Case(T((3, 4), "float16"), weights=T((3, 4), "float16", 0.5, 2.0)),
]
# The length is max(x) + 1 or minlength, whichever is larger: known only from values.
CASES["bincount"] = [
    Case(T((10,), "int32", 0, 5), dynamic=True),
    Case(T((10,), "int32", 0, 5), minlength=8, dynamic=True),
    Case(
        T((10,), "int32", 0, 5), weights=T((10,), "float32"), minlength=6, dynamic=True
    ),
    Case(T((2, 6), "int32", 0, 4), minlength=5, dynamic=True),
    Case(T((8,), "uint8", 0, 3), weights=T((8,), "int32"), dynamic=True),
]
CASES["corrcoef"] = [
    Case(T((3, 5), "float32")),
    Case(T((5,), "float64")),
    Case(T((2, 6), "int32")),
    Case(T((4, 3), "float16")),
]
CASES["count_nonzero"] = [
    Case(T((3, 4), "float32", -1, 2)),
    Case(T((2, 3, 4), "int32", 0, 2), axis=1),
    Case(T((2, 3, 4), "bool"), axis=(0, 2)),
    Case(T((), "float64")),
]
CASES["diff"] = [
    Case(T((5,), "float32")),
    Case(T((3, 5), "int32"), n=2),
    Case(T((3, 5), "float64"), axis=0),
    Case(T((2, 3, 4), "uint8", 0, 9), n=1, axis=1),
    Case(T((4,), "bool")),
]
CASES["digitize"] = [
    Case(T((6,), "float32"), [-1.0, 0.0, 1.0]),
    Case(T((2, 3), "int32"), [0, 2, 4]),
    Case(T((2, 3), "float64"), T((4,), "float64", values=[-2.0, -1.0, 1.0, 2.0])),
]
CASES["histogram"] = [
    Case(T((20,), "float32")),
    Case(T((20,), "float64"), bins=5),
    Case(T((20,), "int32"), bins=4, range=(0, 3)),
    Case(T((20,), "float32"), bins=3, range=(-1.0, 1.0)),
]
CASES["nonzero"] = [
    Case(T((6,), "float32", -1, 2), dynamic=True),
    Case(T((3, 4), "int32", 0, 2), dynamic=True),
    Case(T((2, 3, 4), "bool"), dynamic=True),
]
CASES["searchsorted"] = [
    Case(T((5,), "float32", values=[0.0, 1.0, 2.0, 3.0, 4.0]), T((3,), "float32")),
    Case(T((4,), "int32", values=[0, 2, 4, 6]), T((2, 3), "int32", 0, 7), side="right"),
    Case(T((3,), "float64", values=[-1.0, 0.0, 1.0]), T((), "float64")),
]
CASES["trapezoid"] = [
    Case(T((5,), "float32")),
    Case(T((3, 5), "int32"), dx=0.5),
    Case(T((3, 5), "float64"), T((5,), "float64"), axis=-1),
    Case(T((4, 3), "float32"), axis=0),
]
CASES["unique"] = [
    Case(T((10,), "int32", 0, 4), dynamic=True),
    Case(
        T((10,), "float32", 0, 3),
        return_index=True,
        return_inverse=True,
        return_counts=True,
        dynamic=True,
    ),
    Case(T((3, 4), "int64", 0, 3), return_counts=True, size=6),
    Case(T((4, 3), "uint8", 0, 2), axis=0, return_inverse=True, dynamic=True),
]

# -------------------------------------------------------------------- manipulation
CASES["append"] = [
    Case(T((3,), "float32"), T((2,), "float32")),
    Case(T((2, 3), "int32"), T((2, 3), "float32"), axis=0),
    Case(T((2, 3), "float64"), T((4,), "int32")),
    Case(T((2, 3), "uint8"), T((2, 1), "bool"), axis=1),
]
CASES["concatenate"] = [
    Case([T((2, 3), "float32"), T((4, 3), "float32")]),
    Case([T((2, 3), "int32"), T((2, 1), "float16")], axis=1),
    Case([T((2, 3), "uint8"), T((2, 3), "int8"), T((2, 3), "bool")], axis=-1),
    Case([T((1, 2, 3), "float64"), T((1, 2, 3), "float32")], axis=1),
    Case([T((2,), "float64"), T((3,), "float64")]),
    Case([T((2,), "int64"), T((3,), "int64")]),
]
CASES["stack"] = [
    Case([T((3,), "float32"), T((3,), "float32")]),
    Case([T((2, 3), "int32"), T((2, 3), "float32")], axis=1),
    Case([T((), "uint8"), T((), "int8")]),
    Case([T((2, 3), "float64"), T((2, 3), "bool")], axis=-1),
]
for _name in ("hstack", "vstack", "dstack"):
    CASES[_name] = [
        Case([T((3,), "float32"), T((3,), "float32")]),
        Case([T((2, 3), "int32"), T((2, 3), "float64")]),
        Case([T((2, 3, 2), "uint8"), T((2, 3, 2), "int8")]),
        Case([T((), "float32"), T((), "bool")]),
    ]
CASES["vstack"].append(Case([T((3,), "float32"), T((2, 3), "float32")]))
CASES["hstack"].append(Case([T((2,), "int32"), T((4,), "int32")]))
CASES["dstack"].append(Case([T((3,), "float16"), T((1, 3), "float16")]))

CASES["split"] = [
    Case(T((6,), "float32"), 3),
    Case(T((6, 4), "int32"), [1, 4]),
    Case(T((2, 6), "float64"), [2, 3], axis=1),
    Case(T((3, 6, 2), "uint8"), 2, axis=-2),
]
CASES["array_split"] = [
    Case(T((7,), "float32"), 3),
    Case(T((7, 4), "int32"), [2, 5]),
    Case(T((2, 5), "float64"), 2, axis=1),
    Case(T((3, 6, 2), "bool"), [1, 10], axis=1),
]
CASES["hsplit"] = [
    Case(T((6,), "float32"), 2),
    Case(T((2, 6), "int32"), [1, 3]),
    Case(T((2, 4, 3), "float64"), 2),
]
CASES["vsplit"] = [
    Case(T((6, 2), "float32"), 3),
    Case(T((6, 2), "int32"), [1, 4]),
    Case(T((4, 3, 2), "uint8"), [2]),
]
CASES["dsplit"] = [
    Case(T((2, 3, 6), "float32"), 3),
    Case(T((2, 3, 6), "int32"), [2, 5]),
    Case(T((1, 2, 4, 2), "float16"), 2),
]
CASES["broadcast_to"] = [
    Case(T((3,), "float32"), (2, 3)),
    Case(T((), "int32"), (4,)),
    Case(T((2, 1), "float64"), [3, 2, 5]),
    Case(T((1, 3), "bool"), (2, 3)),
]
CASES["reshape"] = [
    Case(T((2, 6), "float32"), (3, 4)),
    Case(T((2, 3, 4), "int32"), (-1, 4)),
    Case(T((6,), "uint8"), [2, 3, 1]),
    Case(T((1,), "float64"), ()),
]
CASES["ravel"] = [
    Case(T((2, 3), "float32")),
    Case(T((2, 3, 4), "int32")),
    Case(T((), "bool")),
]
CASES["expand_dims"] = [
    Case(T((3,), "float32"), 0),
    Case(T((2, 3), "int32"), -1),
    Case(T((2, 3), "float64"), (0, 2)),
    Case(T((), "bool"), 0),
]
CASES["squeeze"] = [
    Case(T((1, 3, 1), "float32")),
    Case(T((1, 3, 1), "int32"), axis=0),
    Case(T((2, 1, 3, 1), "float64"), axis=(1, -1)),
    Case(T((1,), "uint8")),
]
CASES["transpose"] = [
    Case(T((2, 3), "float32")),
    Case(T((2, 3, 4), "int32"), axes=(1, 0, 2)),
    Case(T((2, 3, 4), "float64"), axes=[2, 0, 1]),
    Case(T((5,), "bool")),
]
CASES["moveaxis"] = [
    Case(T((2, 3, 4), "float32"), 0, -1),
    Case(T((2, 3, 4), "int32"), [0, 1], [2, 0]),
    Case(T((2, 3), "float64"), -1, 0),
]
CASES["swapaxes"] = [
    Case(T((2, 3), "float32"), 0, 1),
    Case(T((2, 3, 4), "int32"), 0, -1),
    Case(T((2, 3, 4), "bool"), 1, 1),
]
CASES["ndim"] = [
    Case(T((2, 3), "float32")),
    Case(T((), "int32")),
    Case(T((2, 3, 4), "bool")),
]
CASES["size"] = [
    Case(T((2, 3), "float32")),
    Case(T((), "int32")),
    Case(T((2, 0, 4), "bool")),
]
CASES["flip"] = [
    Case(T((5,), "float32")),
    Case(T((2, 3), "int32"), axis=0),
    Case(T((2, 3, 4), "float64"), axis=(0, 2)),
    Case(T((2, 3), "bool"), axis=-1),
]
CASES["fliplr"] = [
    Case(T((2, 3), "float32")),
    Case(T((2, 3, 4), "int32")),
    Case(T((2, 3), "uint8")),
]
CASES["flipud"] = [
    Case(T((5,), "float32")),
    Case(T((2, 3), "int32")),
    Case(T((2, 3, 4), "float64")),
]
CASES["roll"] = [
    Case(T((5,), "float32"), 2),
    Case(T((2, 3), "int32"), -1, axis=1),
    Case(T((2, 3, 4), "float64"), (1, 2), axis=(0, 2)),
    Case(T((2, 3), "bool"), 4),
]
CASES["rot90"] = [
    Case(T((2, 3), "float32")),
    Case(T((2, 3), "int32"), k=2),
    Case(T((2, 3, 4), "float64"), k=3, axes=(1, 2)),
    Case(T((2, 3, 4), "uint8"), k=-1, axes=(0, 2)),
    Case(T((2, 5), "float32"), k=4),
]
CASES["diagonal"] = [
    Case(T((3, 4), "float32")),
    Case(T((3, 4), "int32"), offset=1),
    Case(T((2, 3, 4), "float64"), offset=-1, axis1=1, axis2=2),
    Case(T((4, 3, 2), "bool"), axis1=0, axis2=2),
]
CASES["pad"] = [
    Case(T((3,), "float32"), 2),
    Case(T((2, 3), "int32"), ((1, 0), (2, 1)), constant_values=7),
    Case(T((3, 4), "float64"), ((1, 2), (2, 1)), mode="reflect"),
    Case(T((3, 4), "float32"), ((1, 2), (3, 1)), mode="symmetric"),
    Case(T((2, 3, 4), "uint8"), ((0, 0), (1, 1), (2, 2)), mode="edge"),
]
CASES["repeat"] = [
    Case(T((3,), "float32"), 2),
    Case(T((2, 3), "int32"), 3, axis=0),
    Case(T((2, 3), "float64"), [1, 0, 2], axis=1),
    Case(T((2, 3), "bool"), 2),
]
CASES["tile"] = [
    Case(T((3,), "float32"), 2),
    Case(T((2, 3), "int32"), (2, 1)),
    Case(T((2, 3), "float64"), (2, 1, 3)),
    Case(T((2, 3, 4), "uint8"), [2]),
]
CASES["take"] = [
    Case(T((5,), "float32"), T((3,), "int32", 0, 5)),
    Case(T((3, 4), "int32"), T((2, 2), "int32", 0, 4), axis=1),
    Case(T((3, 4), "float64"), T((6,), "int64", 0, 12)),
    Case(T((4, 2), "bool"), [0, 3], axis=0),
    Case(T((4, 3), "float16"), 1, axis=0),
]
CASES["take_along_axis"] = [
    Case(T((5,), "float32"), T((3,), "int32", 0, 5), axis=0),
    Case(T((3, 4), "int32"), T((3, 2), "int32", 0, 4), axis=1),
    Case(T((3, 4), "float64"), T((2, 4), "int64", 0, 3), axis=0),
    Case(T((3, 4), "uint8"), T((1, 4), "int32", 0, 3), axis=0),
    Case(T((3, 4), "float32"), T((5,), "int32", 0, 12)),
]
CASES["select"] = [
    Case([T((4,), "bool"), T((4,), "bool")], [T((4,), "float32"), T((4,), "float32")]),
    Case([T((2, 3), "bool")], [T((2, 3), "int32")], default=5),
    Case(
        [T((2, 3), "bool"), T((2, 3), "bool")],
        [T((2, 3), "int32"), T((2, 3), "float64")],
        default=-1.0,
    ),
    Case([T((2, 3), "bool")], [T((2, 3), "float16")], default=T((2, 3), "float16")),
]
CASES["unravel_index"] = [
    Case(T((4,), "int32", 0, 12), (3, 4)),
    Case(T((), "int64", 0, 24), (2, 3, 4)),
    Case(T((2, 3), "int32", 0, 6), [6]),
]
CASES["view"] = [
    Case(T((4,), "float32"), "int32"),
    Case(T((2, 4), "int32"), "uint8"),
    Case(T((2, 4), "uint8"), "int16"),
    Case(T((3,), "float64")),
]
CASES["get_item"] = [
    Case(T((5,), "float32"), 2),
    Case(T((4, 5), "int32"), (slice(1, 3), slice(None, None, 2))),
    Case(T((4, 5), "float64"), (Ellipsis, None, -1)),
    Case(T((4, 5, 6), "uint8"), (0, slice(None), None, slice(2, None))),
]

# ----------------------------------------------------------------------- creation
CASES["array"] = [
    Case(T((2, 3), "float32")),
    Case(T((2, 3), "int32"), dtype="float64"),
    Case(T((4,), "bool")),
    Case(T((), "float16"), dtype="int32"),
]
CASES["zeros"] = [
    Case((2, 3)),
    Case((4,), dtype="int32"),
    Case([2, 1, 3], dtype="bool"),
    Case((), dtype="float64"),
]
CASES["ones"] = [
    Case((2, 3)),
    Case((4,), dtype="int64"),
    Case([2, 1, 3], dtype="uint8"),
    Case((), dtype="bfloat16"),
]
CASES["empty"] = [
    Case((2, 3)),
    Case((4,), dtype="int32"),
    Case((), dtype="float16"),
]
CASES["full"] = [
    Case((2, 3), 1.5),
    Case((4,), 3),
    Case((2, 2), 0, dtype="float64"),
    Case((3,), T((), "float32")),
    Case((2, 3), T((3,), "int32")),
    Case((2, 2), T((), "int32"), dtype="float64"),
]
CASES["zeros_like"] = [
    Case(T((2, 3), "float32")),
    Case(T((4,), "int32")),
    Case(T((2, 3), "float64"), dtype="int8"),
    Case(T((), "bool")),
]
CASES["ones_like"] = [
    Case(T((2, 3), "float32")),
    Case(T((4,), "uint8")),
    Case(T((2, 3), "int32"), dtype="float16"),
    Case(T((), "float64")),
]
CASES["empty_like"] = [
    Case(T((2, 3), "float32")),
    Case(T((4,), "int64")),
    Case(T((2, 3), "float64"), dtype="bool"),
]
CASES["full_like"] = [
    Case(T((2, 3), "float32"), 2.0),
    Case(T((4,), "int32"), 7),
    Case(T((2, 3), "int32"), 0.5, dtype="float64"),
    Case(T((2, 3), "float16"), T((), "float16")),
]
CASES["eye"] = [
    Case(3),
    Case(2, 4, dtype="int32"),
    Case(4, 3, k=1, dtype="float64"),
    Case(3, k=-1, dtype="bool"),
]
CASES["identity"] = [
    Case(3),
    Case(4, dtype="int32"),
    Case(1, dtype="float16"),
]
CASES["tri"] = [
    Case(3),
    Case(2, 4, dtype="int32"),
    Case(4, 3, k=-1, dtype="float64"),
    Case(3, k=1, dtype="bool"),
]
CASES["arange"] = [
    Case(5),
    Case(1.0, 4.0),
    Case(0, 10, 3, dtype="float64"),
    Case(2, 8, 2),
    Case(0.5, 2.5, 0.5, dtype="float16"),
    Case(T((), "int32", values=5), dynamic=True),
    Case(T((), "float32", values=1.0), T((), "float32", values=4.0), dynamic=True),
    Case(0, T((), "int32", values=9), 2, dtype="float32", dynamic=True),
    Case(T((), "int32", values=4), dtype="float64", dynamic=True),
]
CASES["linspace"] = [
    Case(0.0, 1.0, 5),
    Case(0, 10, 4, endpoint=False, dtype="float64"),
    Case(0.0, 2.0, 3, retstep=True),
    Case(T((2,), "float32"), T((2,), "float32"), 4, axis=1),
    Case(0, 5, 6, dtype="int32"),
    Case(T((3,), "float32"), 1.0, 4, dtype="float64", retstep=True),
]
CASES["logspace"] = [
    Case(0.0, 2.0, 5),
    Case(0, 3, 4, base=2, dtype="float64"),
    Case(T((2,), "float32", 0, 1), T((2,), "float32", 1, 2), 3, axis=-1),
    Case(0.0, 1.0, 3, endpoint=False),
]
CASES["geomspace"] = [
    Case(1.0, 100.0, 5),
    Case(1, 8, 4, dtype="float64"),
    Case(T((2,), "float32", 1, 2), T((2,), "float32", 3, 5), 3, axis=1),
    Case(2.0, 32.0, 3, endpoint=False),
]
for _name in ("bartlett", "blackman", "hamming", "hanning"):
    CASES[_name] = [
        Case(5),
        Case(1),
        Case(8),
        Case(T((), "int32", values=6), dynamic=True),
    ]
CASES["kaiser"] = [
    Case(5, 0.5),
    Case(1, 2.0),
    Case(8, 14.0),
    Case(T((), "int32", values=6), 3.0, dynamic=True),
]
CASES["diag"] = [
    Case(T((3,), "float32")),
    Case(T((3,), "int32"), k=1),
    Case(T((3, 4), "float64")),
    Case(T((3, 4), "bool"), k=-1),
]
CASES["diagflat"] = [
    Case(T((3,), "float32")),
    Case(T((2, 2), "int32"), k=1),
    Case(T((), "float64"), k=-2),
]
for _name in ("tril", "triu"):
    CASES[_name] = [
        Case(T((3, 4), "float32")),
        Case(T((3, 4), "int32"), k=1),
        Case(T((2, 3, 3), "float64"), k=-1),
        Case(T((4, 3), "bool")),
    ]
CASES["meshgrid"] = [
    Case(T((3,), "float32"), T((4,), "float32")),
    Case(T((3,), "int32"), T((2,), "int32"), indexing="ij"),
    Case(T((2,), "float64"), T((3,), "float64"), T((4,), "float64")),
    Case(T((3,), "int32"), T((2,), "float32")),
]
CASES["vander"] = [
    Case(T((4,), "float32")),
    Case(T((4,), "int32", 0, 4), N=3),
    Case(T((3,), "float64"), N=5, increasing=True),
]
