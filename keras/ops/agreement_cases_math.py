"""Agreement cases (keras/ops/agreement.py) for the ops of this group."""

from keras.ops.agreement import Case
from keras.ops.agreement import T

_IDS = [0, 0, 2, 1, 2, 2]


def _elementwise_cases():
    return [
        Case(T((2, 3))),
        Case(T((4,), "int32")),
        Case(T((), "float16")),
        Case(T((0, 2), "bool")),
    ]


CASES = {
    "erf": _elementwise_cases(),
    "erfc": _elementwise_cases(),
    "erfinv": [
        Case(T((2, 3), low=-0.9, high=0.9)),
        Case(T((5,), "int8", low=0, high=2)),
    ],
    "rsqrt": [
        Case(T((3, 2), low=0.1, high=4.0)),
        Case(T((4,), "uint8", low=1, high=9)),
    ],
    "logsumexp": [
        Case(T((2, 3, 4))),
        Case(T((2, 3, 4)), axis=1, keepdims=True),
        Case(T((3, 5), "int32"), axis=(0, 1)),
        Case(T((4, 2), "float16"), axis=-1),
    ],
    "top_k": [
        Case(T((2, 7)), 3),
        Case(T((5,), "int32"), 5),
        Case(T((2, 3, 4), "float16"), 1, sorted=False),
    ],
    "in_top_k": [
        Case(T((4,), "int32", low=0, high=5), T((4, 5)), 2),
        Case(T((2, 3), "int64", low=0, high=6), T((2, 3, 6), "int32"), 1),
    ],
    "segment_sum": [
        Case(T((6, 3)), T((6,), "int32", values=_IDS), num_segments=4),
        Case(T((6,), "int8"), T((6,), "int64", values=_IDS), dynamic=True),
    ],
    "segment_max": [
        Case(T((6, 2, 2)), T((6,), "int32", values=_IDS), num_segments=3),
        Case(T((6,), "int32"), T((6,), "int32", values=_IDS), dynamic=True),
    ],
    "segment_min": [
        Case(T((6, 3), "float16"), T((6,), "int32", values=_IDS), num_segments=5),
        Case(T((6,), "bool"), T((6,), "int32", values=_IDS), dynamic=True),
    ],
    "segment_prod": [
        Case(T((6, 3)), T((6,), "int32", values=sorted(_IDS)), 3, True),
        Case(T((6,), "int32"), T((6,), "int32", values=_IDS), dynamic=True),
    ],
    "cdist": [
        Case(T((3, 4)), T((5, 4))),
        Case(T((2, 3, 2), "int32"), T((4, 2), "int32")),
        Case(T((2, 1, 3, 2), "float16"), T((4, 5, 2), "float32")),
    ],
    "extract_sequences": [
        Case(T((10,)), 4, 3),
        Case(T((2, 3, 9), "int32"), 3, 1),
        Case(T((2, 3), "bool"), 4, 2),
    ],
    "rearrange": [
        Case(T((2, 3, 4)), "a b c -> c (a b)"),
        Case(T((2, 3, 6), "int32"), "a b (c d) -> d a b c", c=2),
        Case(T((2, 3, 4, 5), "float16"), "a ... -> ... a"),
        Case(T((2, 3, 4)), "a ... -> a 1 (...)"),
    ],
}

# op name -> {backend: reason} where that backend's symbolic and eager results differ.
EXCEPTIONS = {}
