"""Agreement cases (keras/ops/agreement.py) for the ops of this group: nn and core_ops.

The control-flow ops of core_ops take small functions built from keras.ops; none of the
cases draws random numbers inside a function, so eager and symbolic calls see the same
program.
"""

from keras import ops
from keras.ops.agreement import Case
from keras.ops.agreement import T

CASES = {}


def _activation_cases(low=-3.0, high=3.0):
    """Element-wise activations: floats keep their dtype, ints give floatx."""
    return [
        Case(T((2, 3), "float32", low, high)),
        Case(T((4,), "float16", low, high)),
        Case(T((2, 1, 3), "bfloat16", low, high)),
        Case(T((), "float64", low, high)),
        Case(T((3, 2), "int32", low, high)),
    ]


for _name in (
    "celu",
    "elu",
    "gelu",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "log_sigmoid",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "softplus",
    "softsign",
    "sparse_plus",
    "sparse_sigmoid",
    "swish",
    "tanh_shrink",
):
    CASES[_name] = _activation_cases()

# Activations with options.
CASES["celu"].append(Case(T((2, 3), "float64"), alpha=0.5))
CASES["elu"].append(Case(T((2, 3), "float16"), alpha=2.0))
CASES["gelu"].append(Case(T((2, 3), "float32"), approximate=False))
CASES["gelu"].append(Case(T((5,), "bfloat16"), approximate=False))
CASES["relu"].append(Case(T((2, 3), "int64", -5, 5)))
CASES["relu"].append(Case(T((4,), "uint8", 0, 9)))
CASES["relu6"].append(Case(T((2, 3), "int64", -5, 9)))
CASES["leaky_relu"] = _activation_cases() + [
    Case(T((2, 3), "float64"), negative_slope=0.1)
]
CASES["hard_shrink"] = _activation_cases() + [Case(T((3,), "float64"), threshold=1.0)]
CASES["soft_shrink"] = _activation_cases() + [Case(T((3,), "float16"), threshold=1.0)]
CASES["squareplus"] = _activation_cases() + [Case(T((3, 2), "float64"), b=2)]
CASES["threshold"] = [
    Case(T((2, 3), "float32"), 0.5, 0.0),
    Case(T((4,), "float16"), 0.0, -1.0),
    Case(T((), "float64"), 1.0, 2.0),
    Case(T((3, 2), "int32", -5, 5), 1, 0),
]
CASES["glu"] = [
    Case(T((2, 4), "float32")),
    Case(T((6,), "float16")),
    Case(T((4, 3), "float64"), axis=0),
    Case(T((2, 4), "int32", -5, 5)),
    Case(T((2, 2, 4), "bfloat16"), axis=1),
]

# Softmax family.
for _name in ("softmax", "log_softmax", "sparsemax"):
    CASES[_name] = [
        Case(T((2, 5), "float32")),
        Case(T((3, 4), "float64"), axis=0),
        Case(T((2, 3, 4), "float16"), axis=1),
        Case(T((4,), "bfloat16")),
        Case(T((2, 3), "int32", -5, 5)),
    ]
CASES["softmax"].append(Case(T((2, 3, 4), "float32"), axis=(1, 2)))
CASES["log_softmax"].append(Case(T((2, 3, 4), "float32"), axis=(0, 2)))

# Losses.
CASES["binary_crossentropy"] = [
    Case(T((4, 3), "float32", 0, 1), T((4, 3), "float32", 0.05, 0.95)),
    Case(T((5,), "float64", 0, 1), T((5,), "float64"), from_logits=True),
    Case(T((2, 3), "float16", 0, 1), T((2, 3), "float16", 0.05, 0.95)),
    Case(T((2, 3), "int32", 0, 2), T((2, 3), "float32", 0.05, 0.95)),
]
CASES["categorical_crossentropy"] = [
    Case(T((4, 3), "float32", 0, 1), T((4, 3), "float32", 0.05, 0.95)),
    Case(T((2, 5, 3), "float64", 0, 1), T((2, 5, 3), "float64"), from_logits=True),
    Case(T((3, 4), "float32", 0, 1), T((3, 4), "float32", 0.05, 0.95), axis=0),
    Case(T((2, 3, 4), "float16", 0, 1), T((2, 3, 4), "float16"), True, 1),
    Case(T((4, 3), "int32", 0, 2), T((4, 3), "float32", 0.05, 0.95)),
]
CASES["sparse_categorical_crossentropy"] = [
    Case(T((4,), "int32", 0, 3), T((4, 3), "float32", 0.05, 0.95)),
    Case(T((2, 5), "int64", 0, 3), T((2, 5, 3), "float64"), from_logits=True),
    Case(T((4, 1), "int32", 0, 3), T((4, 3), "float16", 0.05, 0.95)),
    Case(T((3,), "int32", 0, 4), T((3, 4), "bfloat16"), from_logits=True),
]
CASES["ctc_loss"] = [
    Case(
        T((2, 3), "int32", 1, 5),
        T((2, 8, 5), "float32"),
        T((2,), "int32", 1, 4),
        T((2,), "int32", 6, 9),
    ),
    Case(
        T((3, 2), "int64", 1, 4),
        T((3, 6, 4), "float64"),
        T((3,), "int64", 1, 3),
        T((3,), "int64", 5, 7),
    ),
    Case(
        T((1, 2), "int32", 0, 3),
        T((1, 5, 4), "float32"),
        T((1,), "int32", 1, 3),
        T((1,), "int32", 4, 6),
        mask_index=3,
    ),
    Case(
        T((2, 3), "int32", 1, 5),
        T((2, 8, 5), "float16"),
        T((2,), "int32", 1, 4),
        T((2,), "int32", 6, 9),
    ),
    Case(
        T((2, 3), "int32", 1, 5),
        T((2, 8, 5), "bfloat16"),
        T((2,), "int32", 1, 4),
        T((2,), "int32", 6, 9),
    ),
]
CASES["ctc_decode"] = [
    Case(T((2, 6, 4), "float32"), T((2,), "int32", 3, 7)),
    Case(T((3, 5, 3), "float64"), T((3,), "int32", 1, 6), merge_repeated=False),
    Case(T((1, 4, 3), "float32"), T((1,), "int64", 4, 5), mask_index=2),
    Case(T((2, 5, 4), "float16"), T((2,), "int32", 2, 6)),
    Case(T((2, 5, 4), "bfloat16"), T((2,), "int32", 2, 6), merge_repeated=False),
]
# strategy="beam_search" runs on numpy only so far (the other backends raise
# NotImplementedError): no case until they have it.

# Encodings.
CASES["one_hot"] = [
    Case(T((4,), "int32", 0, 3), 3),
    Case(T((2, 3), "int64", 0, 5), 5, axis=0),
    Case(T((2, 3), "int32", 0, 4), 4, axis=1, dtype="int32"),
    Case(T((), "int32", 0, 2), 2, dtype="bfloat16"),
    Case(T((3,), "uint8", 0, 4), 4, dtype="bool"),
]
CASES["multi_hot"] = [
    Case(T((3, 2), "int32", 0, 4), 4),
    Case(T((4,), "int64", 0, 5), 5, dtype="int32"),
    Case(T((2, 3), "int32", 0, 6), num_classes=6, axis=0, dtype="float16"),
    Case(T((2, 3, 2), "int32", 0, 3), 3),
    Case(T((3, 2), "int32", 0, 4), num_tokens=4, dtype="bool"),
]

# Statistics and normalizations.
CASES["moments"] = [
    Case(T((2, 3), "float32"), axes=0),
    Case(T((2, 3, 4), "float64"), axes=(0, 2), keepdims=True),
    Case(T((4, 3), "float16"), axes=[-1]),
    Case(T((2, 3), "bfloat16"), axes=(0, 1)),
    Case(T((3, 4), "int32", -5, 5), axes=1),
]
CASES["batch_normalization"] = [
    Case(T((2, 3), "float32"), T((3,)), T((3,), "float32", 0.5, 2), axis=-1),
    Case(
        T((2, 3, 4), "float64"),
        T((3,), "float64"),
        T((3,), "float64", 0.5, 2),
        axis=1,
        offset=T((3,), "float64"),
        scale=T((3,), "float64"),
    ),
    Case(T((4, 2), "float16"), T((2,), "float16"), T((2,), "float16", 0.5, 2), -1),
    Case(
        T((2, 5), "float32"),
        T((5,)),
        T((5,), "float32", 0.5, 2),
        axis=1,
        offset=T((5,)),
        epsilon=1e-5,
    ),
]
CASES["layer_normalization"] = [
    Case(T((2, 4), "float32")),
    Case(T((2, 3, 4), "float64"), T((4,), "float64"), T((4,), "float64")),
    Case(T((3, 5), "float16"), gamma=T((5,), "float16"), epsilon=1e-3),
    Case(T((2, 3, 4), "float32"), axis=(1, 2)),
    Case(T((2, 4), "bfloat16"), T((4,), "bfloat16"), rms_scaling=True),
]
CASES["rms_normalization"] = [
    Case(T((2, 4), "float32")),
    Case(T((2, 3, 4), "float64"), T((4,), "float64")),
    Case(T((3, 5), "float16"), scale=T((5,), "float16"), epsilon=1e-3),
    Case(T((2, 3, 4), "float32"), axis=(1, 2)),
]
CASES["normalize"] = [
    Case(T((2, 4), "float32")),
    Case(T((3, 4), "float64"), axis=0, order=1),
    Case(T((2, 3, 4), "float16"), axis=(1, 2)),
    Case(T((5,), "int32", -5, 5)),
    Case(T((2, 3), "bfloat16"), order=float("inf")),
]
CASES["psnr"] = [
    Case(T((2, 8, 8, 3), "float32", 0, 1), T((2, 8, 8, 3), "float32", 0, 1), 1.0),
    Case(T((4, 4), "float64", 0, 255), T((4, 4), "float64", 0, 255), 255.0),
    Case(T((6,), "float16", 0, 1), T((6,), "float16", 0, 1), 1.0),
]
CASES["polar"] = [
    Case(T((3,), "float32", 0, 2), T((3,), "float32")),
    Case(T((2, 3), "float32", 0, 2), T((3,), "float32")),
    Case(T((), "float32", 0, 2), T((2, 2), "float32")),
    Case(T((4,), "float64", 0, 2), T((4,), "float64")),
]

# Attention.
CASES["dot_product_attention"] = [
    Case(T((2, 5, 4, 8)), T((2, 6, 4, 8)), T((2, 6, 4, 8))),
    Case(
        T((1, 3, 4, 8), "float16"),
        T((1, 3, 2, 8), "float16"),
        T((1, 3, 2, 8), "float16"),
        is_causal=True,
    ),
    Case(
        T((2, 4, 2, 8), "float64"),
        T((2, 4, 2, 8), "float64"),
        T((2, 4, 2, 8), "float64"),
        bias=T((2, 2, 4, 4), "float64"),
        scale=0.5,
    ),
    Case(
        T((1, 4, 2, 8), "bfloat16"),
        T((1, 5, 2, 8), "bfloat16"),
        T((1, 5, 2, 8), "bfloat16"),
        mask=T((1, 2, 4, 5), "bool", values=[True] * 40),
    ),
]

# Pooling.
CASES["max_pool"] = [
    Case(T((2, 8, 3)), 2),
    Case(T((1, 7, 7, 2), "float64"), (3, 3), strides=2, padding="same"),
    Case(T((1, 2, 6, 6), "float16"), 2, data_format="channels_first"),
    Case(T((1, 4, 4, 4, 2), "float32"), 2, strides=(1, 2, 2)),
]
CASES["average_pool"] = [
    Case(T((2, 8, 3)), 2),
    Case(T((1, 7, 7, 2), "float64"), (3, 3), strides=2, padding="same"),
    Case(T((1, 2, 6, 6), "float16"), 2, data_format="channels_first"),
    Case(T((1, 4, 4, 4, 2), "float32"), 2, strides=(1, 2, 2)),
]
for _name in ("adaptive_average_pool", "adaptive_max_pool"):
    CASES[_name] = [
        Case(T((2, 9, 3)), 4),
        Case(T((1, 7, 5, 2), "float64"), (3, 2)),
        Case(T((1, 3, 8, 6), "float32"), (2, 4), data_format="channels_first"),
        Case(T((2, 3, 10), "float16"), 5, data_format="channels_first"),
        Case(T((1, 2, 5, 6, 4), "float32"), 2, data_format="channels_first"),
    ]

# Convolutions.
CASES["conv"] = [
    Case(T((2, 8, 3)), T((3, 3, 4))),
    Case(T((1, 7, 7, 2), "float64"), T((3, 3, 2, 5), "float64"), strides=2),
    Case(
        T((1, 3, 6, 6), "float32"),
        T((3, 3, 3, 2), "float32"),
        padding="same",
        data_format="channels_first",
    ),
    Case(T((1, 9, 9, 2), "float32"), T((3, 3, 2, 4), "float32"), dilation_rate=2),
    Case(T((1, 4, 4, 4, 1), "float32"), T((2, 2, 2, 1, 3), "float32")),
]
CASES["depthwise_conv"] = [
    Case(T((2, 8, 3)), T((3, 3, 2))),
    Case(T((1, 7, 7, 2), "float64"), T((3, 3, 2, 1), "float64"), strides=2),
    Case(
        T((1, 3, 6, 6), "float32"),
        T((3, 3, 3, 2), "float32"),
        padding="same",
        data_format="channels_first",
    ),
    Case(T((1, 9, 9, 2), "float32"), T((3, 3, 2, 2), "float32"), dilation_rate=2),
]
CASES["separable_conv"] = [
    Case(T((2, 8, 3)), T((3, 3, 2)), T((1, 6, 4))),
    Case(
        T((1, 7, 7, 2), "float64"),
        T((3, 3, 2, 1), "float64"),
        T((1, 1, 2, 5), "float64"),
        strides=2,
    ),
    Case(
        T((1, 3, 6, 6), "float32"),
        T((3, 3, 3, 2), "float32"),
        T((1, 1, 6, 4), "float32"),
        padding="same",
        data_format="channels_first",
    ),
]
CASES["conv_transpose"] = [
    Case(T((2, 5, 3)), T((3, 4, 3))),
    Case(T((1, 4, 4, 2), "float64"), T((3, 3, 5, 2), "float64"), strides=2),
    Case(
        T((1, 2, 4, 4), "float32"),
        T((3, 3, 3, 2), "float32"),
        strides=2,
        padding="same",
        data_format="channels_first",
    ),
    Case(
        T((1, 4, 4, 2), "float32"),
        T((3, 3, 3, 2), "float32"),
        strides=2,
        output_padding=1,
    ),
    Case(T((1, 3, 3, 3, 1), "float32"), T((2, 2, 2, 2, 1), "float32"), strides=2),
]

# Rearrangements.
CASES["depth_to_space"] = [
    Case(T((1, 2, 3, 8)), 2),
    Case(T((2, 8, 2, 3), "float64"), 2, data_format="channels_first"),
    Case(T((1, 2, 2, 9), "int32", 0, 9), 3),
    Case(T((1, 2, 2, 4), "float16"), 2),
]
CASES["space_to_depth"] = [
    Case(T((1, 4, 6, 2)), 2),
    Case(T((2, 2, 4, 6), "float64"), 2, data_format="channels_first"),
    Case(T((1, 6, 6, 1), "int32", 0, 9), 3),
    Case(T((1, 4, 4, 2), "bfloat16"), 2),
]
CASES["unfold"] = [
    Case(T((1, 2, 4, 4)), 2, stride=2),
    Case(T((2, 3, 5, 6), "float64"), (2, 3)),
    Case(T((1, 1, 6, 6), "float32"), 3, dilation=2, padding=1),
    Case(T((1, 2, 5, 5), "float16"), 2, padding=(1, 0), stride=(2, 1)),
]
CASES["fold"] = [
    Case(T((1, 8, 4)), (4, 4), 2, stride=2),
    Case(T((2, 18, 16), "float64"), (5, 6), (2, 3)),
    Case(T((1, 9, 16), "float32"), 6, 3, dilation=2, padding=1),
]

# core_ops: conversions and dtypes.
CASES["cast"] = [
    Case(T((2, 3), "float32"), "int32"),
    Case(T((4,), "int32", -9, 9), "float16"),
    Case(T((), "bool"), "float32"),
    Case(T((2, 2), "float64"), "bfloat16"),
    Case(T((3,), "uint8", 0, 9), "bool"),
]
CASES["saturate_cast"] = [
    Case(T((4,), "float32", -300, 300), "uint8"),
    Case(T((2, 3), "int32", -300, 300), "int8"),
    Case(T((3,), "float64", -1e5, 1e5), "float16"),
    Case(T((), "int64", -9, 9), "int32"),
]
CASES["convert_to_tensor"] = [
    Case(T((2, 3), "float32")),
    Case(T((4,), "int32", -9, 9), dtype="float16"),
    Case(T((), "float64"), dtype="float16"),
    Case(T((2,), "bool"), dtype="int32"),
]
CASES["dtype"] = [
    Case(T((2, 3), "float32")),
    Case(T((4,), "int64", -9, 9)),
    Case(T((), "bfloat16")),
    Case(T((2,), "bool")),
]
CASES["shape"] = [
    Case(T((2, 3), "float32")),
    Case(T((), "int32", 0, 9)),
    Case(T((4, 1, 5), "float16")),
]
# `is_tensor` says whether its argument is a backend tensor: True for an eager tensor
# and False for a KerasTensor by definition (as in Keras 3), so the cases compare the
# answers for non-tensor arguments, where both calls must say False.
CASES["is_tensor"] = [
    Case(3.0),
    Case([1, 2, 3]),
    Case((T((2,)), T((2,)))),
]
# Keras 3 raises for a KerasTensor too: a symbolic tensor has no values to convert.
CASES["convert_to_numpy"] = [
    Case(T((2, 3), "float32")),
    Case(T((4,), "int32", -9, 9)),
]
CASES["stop_gradient"] = [
    Case(T((2, 3), "float32")),
    Case(T((4,), "int32", -9, 9)),
    Case(T((), "float16")),
]

# Slices, scatters and unstack.
CASES["slice"] = [
    Case(T((4, 5), "float32"), [1, 2], (2, 3)),
    Case(T((6,), "int32", -9, 9), T((1,), "int32", 0, 3), (3,)),
    Case(T((3, 4, 5), "float16"), (0, 1, 2), (3, 2, -1)),
]
CASES["slice_update"] = [
    Case(T((4, 5), "float32"), [1, 2], T((2, 3), "float32")),
    Case(T((6,), "int32", -9, 9), T((1,), "int32", 0, 3), T((3,), "int32", 0, 9)),
    Case(T((3, 4, 5), "float64"), (0, 1, 2), T((3, 2, 2), "float64")),
]
CASES["scatter"] = [
    Case(T((3, 2), "int32", 0, 2), T((3,), "float32"), (2, 2)),
    Case(T((2, 1), "int64", 0, 4), T((2, 3), "int32", 0, 9), (4, 3)),
    Case(T((4, 1), "int32", 0, 5), T((4,), "float16"), (5,)),
]
CASES["scatter_update"] = [
    Case(T((4, 3), "float32"), T((2, 1), "int32", 0, 4), T((2, 3), "float32")),
    Case(T((5,), "int32", 0, 9), T((3, 1), "int32", 0, 5), T((3,), "int32", 0, 9)),
    Case(
        T((3, 3), "float64"),
        T((2, 2), "int32", 0, 3),
        T((2,), "float64"),
        reduction="add",
    ),
    Case(
        T((4, 2), "float32"),
        T((2, 1), "int64", 0, 4),
        T((2, 2), "float32"),
        reduction="max",
    ),
]
CASES["unstack"] = [
    Case(T((3, 4), "float32")),
    Case(T((2, 3, 4), "int32", 0, 9), axis=1),
    Case(T((2, 5), "float16"), num=5, axis=-1),
]

# Control flow, with small functions built from keras.ops.
CASES["cond"] = [
    Case(T((), "bool"), lambda: ops.ones((2, 3)), lambda: ops.zeros((2, 3))),
    Case(
        T((), "bool"),
        lambda: (ops.ones((2,), "int32"), ops.zeros((), "float64")),
        lambda: (ops.zeros((2,), "int32"), ops.ones((), "float64")),
    ),
    Case(T((), "bool"), lambda: 1.0, lambda: 2.0),
    Case(T((), "bool"), lambda: 3, lambda: 4),
    Case(T((), "bool"), lambda: [1.0, 2], lambda: [3.0, 4]),
]
CASES["switch"] = [
    Case(T((), "int32", 0, 2), [lambda x: x + 1.0, lambda x: x * 2.0], T((3,))),
    Case(
        T((), "int32", 0, 3),
        [
            lambda x, y: ops.add(x, y),
            lambda x, y: ops.subtract(x, y),
            lambda x, y: ops.multiply(x, y),
        ],
        T((2, 3), "int32", 0, 9),
        T((3,), "int32", 0, 9),
    ),
    Case(T((), "int32", 0, 2), [lambda x: ops.sum(x), lambda x: ops.max(x)], T((4,))),
    Case(
        T((), "int32", 0, 2),
        [
            lambda x: (x, ops.cast(x, "float16")),
            lambda x: (x * 2, ops.ones(2, "float16")),
        ],
        T((2,), "int32", 0, 9),
    ),
]
CASES["while_loop"] = [
    Case(lambda i: i < 5, lambda i: i + 1, T((), "int32", 0, 3)),
    Case(
        lambda i, x: i < 3,
        lambda i, x: (i + 1, x * 2.0),
        (T((), "int32", 0, 2), T((2, 3), "float32")),
    ),
    Case(
        lambda x: ops.sum(x) < 100.0,
        lambda x: (x + 1.0,),
        [T((3,), "float16", 0, 1)],
        maximum_iterations=4,
    ),
]
CASES["fori_loop"] = [
    Case(0, 3, lambda i, v: v + 1.0, T((2,), "float32")),
    Case(1, 4, lambda i, v: v + i, T((), "int32", 0, 9)),
    Case(
        0,
        2,
        lambda i, v: (v[0] * 2.0, v[1] + 1),
        (T((2, 2), "float16"), T((3,), "int64", 0, 9)),
    ),
]
CASES["scan"] = [
    Case(lambda c, x: (c + x, c * x), T((4,)), T((5, 4))),
    Case(lambda c, x: (c + 1, ops.cast(c, "float32")), T((), "int32", 0, 9), length=3),
    Case(
        lambda c, x: ((c[0] + x, c[1]), ops.sum(x)),
        (T((3,), "float16"), T((), "int32", 0, 9)),
        T((4, 3), "float16"),
        reverse=True,
    ),
]
CASES["map"] = [
    Case(lambda x: ops.sum(x), T((3, 4))),
    Case(lambda x: x * 2, T((5,), "int32", 0, 9)),
    Case(
        lambda xs: {"s": xs[0] + xs[1], "m": ops.mean(xs[0])},
        (T((2, 3), "bfloat16"), T((2, 3), "bfloat16")),
    ),
]
CASES["vectorized_map"] = [
    Case(lambda x: ops.sum(x), T((3, 4))),
    Case(lambda x: ops.matmul(x, ops.transpose(x)), T((2, 3, 4), "float16")),
    Case(
        lambda x: (x[0] * x[1], x[0]),
        (T((4, 2), "int32", 0, 9), T((4, 2), "int32", 0, 9)),
    ),
]
CASES["associative_scan"] = [
    Case(ops.add, T((5,), "float32")),
    Case(lambda a, b: a * b, T((3, 4), "int32", 0, 3), axis=1),
    Case(
        lambda a, b: (a[0] + b[0], ops.maximum(a[1], b[1])),
        (T((4,), "bfloat16"), T((4, 3), "float32")),
        reverse=True,
    ),
]
# `custom_gradient` returns a function, not a tensor: calling it on a KerasTensor
# gives the forward output (core_ops_test checks its shape and dtype against an
# eager call); the driver only compares what the op itself returns.
CASES["custom_gradient"] = [
    Case(lambda x: (ops.square(x), lambda dy: dy * 2.0 * x)),
    Case(lambda x, y: (x * y, lambda dz: (dz * y, dz * x))),
]

# op name -> {backend: reason} where that backend's symbolic and eager results differ.
_BACKENDS = ("numpy", "jax", "torch", "tensorflow", "openvino")
EXCEPTIONS = {
    "convert_to_numpy": {
        b: "a KerasTensor has no values: convert_to_numpy raises for it (as Keras 3)"
        for b in _BACKENDS
    },
    "custom_gradient": {
        b: "the result is a function (a new one per call), not a tensor; the shape "
        "and dtype of the decorated function's symbolic output are checked in "
        "core_ops_test"
        for b in _BACKENDS
    },
}
