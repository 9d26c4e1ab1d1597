"""keras.ops.nn against NumPy references: values, shapes, dtypes, specs and errors.

The references are written independently of the backends: element-wise formulas in
float64, and plain loops for pooling, convolutions, attention and CTC.
"""

import itertools
import math

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import config
from keras.backends.common import dtypes
from keras.ops import testing

SHAPES = [(), (0,), (5,), (2, 3, 4)]
EPSILON = 1e-7


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _erf(x):
    return np.vectorize(math.erf)(x)


# name -> (NumPy reference in float64, keyword arguments).
ACTIVATIONS = {
    "celu": (lambda x: np.maximum(x, 0) + np.minimum(1.5 * np.expm1(x / 1.5), 0),
             {"alpha": 1.5}),
    "elu": (lambda x: np.where(x > 0, x, 0.7 * np.expm1(x)), {"alpha": 0.7}),
    "gelu": (lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi)
                                               * (x + 0.044715 * x**3))), {}),
    "hard_shrink": (lambda x: np.where(np.abs(x) > 0.5, x, 0), {}),
    "hard_sigmoid": (lambda x: np.clip(x / 6 + 0.5, 0, 1), {}),
    "hard_silu": (lambda x: x * np.clip(x / 6 + 0.5, 0, 1), {}),
    "hard_swish": (lambda x: x * np.clip(x / 6 + 0.5, 0, 1), {}),
    "hard_tanh": (lambda x: np.clip(x, -1, 1), {}),
    "leaky_relu": (lambda x: np.where(x > 0, x, 0.2 * x), {}),
    "log_sigmoid": (lambda x: np.log(_sigmoid(x)), {}),
    "relu": (lambda x: np.maximum(x, 0), {}),
    "relu6": (lambda x: np.clip(x, 0, 6), {}),
    "selu": (lambda x: 1.0507009873554805
             * np.where(x > 0, x, 1.6732632423543772 * np.expm1(x)), {}),
    "sigmoid": (_sigmoid, {}),
    "silu": (lambda x: x * _sigmoid(x), {}),
    "soft_shrink": (lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.3, 0),
                    {"threshold": 0.3}),
    "softplus": (lambda x: np.log1p(np.exp(x)), {}),
    "softsign": (lambda x: x / (1 + np.abs(x)), {}),
    "sparse_plus": (
        lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
        {},
    ),
    "sparse_sigmoid": (lambda x: np.clip((x + 1) / 2, 0, 1), {}),
    "squareplus": (lambda x: (x + np.sqrt(x**2 + 2)) / 2, {"b": 2}),
    "swish": (lambda x: x * _sigmoid(x), {}),
    "tanh_shrink": (lambda x: x - np.tanh(x), {}),
    "threshold": (lambda x: np.where(x > 0.4, x, -2.0),
                  {"threshold": 0.4, "default_value": -2.0}),
}


def check(actual, expected, dtype, rtol=1e-5, atol=1e-5):
    expected = np.asarray(expected).astype(dtype)
    testing.assert_close(actual, expected, rtol=rtol, atol=atol)


# Activations.


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_matches_numpy(name, shape):
    reference, kwargs = ACTIVATIONS[name]
    x = testing.random_array(shape, seed=len(name), low=-4, high=4)
    result = getattr(ops, name)(x, **kwargs)
    check(result, reference(x.astype("float64")), "float32")


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_dtypes(name):
    reference, kwargs = ACTIVATIONS[name]
    op = getattr(ops, name)
    x16 = testing.random_array((3, 4), "float16", seed=1)
    check(op(x16, **kwargs), reference(x16.astype("float64")), "float16", 1e-2, 1e-2)
    ints = testing.random_array((6,), "int32", seed=2, low=-5, high=5)
    expected_dtype = "int32" if name in ("relu", "relu6") else "float32"
    check(op(ints, **kwargs), reference(ints.astype("float64")), expected_dtype)
    spec = op(testing.symbolic((None, 3), "int8"), **kwargs)
    int_result = "int8" if name in ("relu", "relu6") else "float32"
    testing.assert_spec(spec, (None, 3), int_result)
    spec = op(testing.symbolic((2, None), "bfloat16"), **kwargs)
    testing.assert_spec(spec, (2, None), "bfloat16")


@pytest.mark.parametrize("dtype", ["uint8", "uint16", "uint32", "int8", "int16", "bool"])
@pytest.mark.parametrize("name", ["relu", "relu6"])
def test_relu_keeps_integer_dtypes(name, dtype):
    x = testing.random_array((3, 5), dtype, seed=7, low=0 if "u" in dtype else -9, high=9)
    reference = ACTIVATIONS[name][0]
    expected_dtype = "float32" if dtype == "bool" else dtype
    check(getattr(ops, name)(x), reference(x.astype("int64")), expected_dtype)


def test_gelu_exact():
    x = testing.random_array((4, 5), seed=3)
    expected = 0.5 * x * (1 + _erf(x.astype("float64") / np.sqrt(2)))
    check(ops.gelu(x, approximate=False), expected, "float32")


def test_activations_on_extreme_values_are_finite():
    x = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0], "float32")
    check(ops.sigmoid(x), [0, _sigmoid(-50.0), 0.5, 1, 1], "float32")
    check(ops.softplus(x), [0, np.log1p(np.exp(-50.0)), np.log(2), 50, 1000], "float32")
    check(ops.log_sigmoid(x), [-1000, -50, -np.log(2), -np.log1p(np.exp(-50.0)), 0],
          "float32")


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_glu(axis):
    x = testing.random_array((4, 6, 2), seed=4)
    a, b = np.split(x.astype("float64"), 2, axis=axis)
    check(ops.glu(x, axis=axis), a * _sigmoid(b), "float32")
    spec = ops.glu(testing.symbolic((4, 6, 2)), axis=axis)
    testing.assert_spec(spec, np.shape(a), "float32")


def _softmax(x, axis):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


@pytest.mark.parametrize("axis", [-1, 0, 1, (0, 2), (-1, -2)])
def test_softmax_and_log_softmax(axis):
    x = testing.random_array((3, 4, 5), seed=5)
    expected = _softmax(x.astype("float64"), axis)
    check(ops.softmax(x, axis=axis), expected, "float32")
    check(ops.log_softmax(x, axis=axis), np.log(expected), "float32")


def test_softmax_dtypes_and_empty():
    check(ops.softmax(np.array([1, 2, 3], "int32")), _softmax(np.arange(1.0, 4.0), -1),
          "float32")
    x16 = testing.random_array((2, 3), "float16")
    check(ops.softmax(x16), _softmax(x16.astype("float64"), -1), "float16", 1e-2, 1e-3)
    check(ops.softmax(np.zeros((0, 3), "float32")), np.zeros((0, 3)), "float32")
    check(ops.log_softmax(np.zeros((2, 0), "float32")), np.zeros((2, 0)), "float32")


def _sparsemax(x, axis):
    moved = np.moveaxis(x, axis, -1)
    result = np.zeros_like(moved)
    for index in np.ndindex(moved.shape[:-1]):
        z = moved[index]
        ordered = np.sort(z)[::-1]
        cumulative = np.cumsum(ordered)
        k = np.arange(1, z.size + 1)
        support = k[1 + k * ordered > cumulative].max()
        tau = (cumulative[support - 1] - 1) / support
        result[index] = np.maximum(z - tau, 0)
    return np.moveaxis(result, -1, axis)


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_sparsemax(axis):
    x = testing.random_array((3, 5, 4), seed=6)
    expected = _sparsemax(x.astype("float64"), axis)
    result = ops.sparsemax(x, axis=axis)
    check(result, expected, "float32")
    np.testing.assert_allclose(testing.to_numpy(result).sum(axis=axis), 1, rtol=1e-5)


def test_sparsemax_long_bfloat16_axis():
    # A support of several entries (the threshold is not the max) over an axis longer
    # than bfloat16 counts exactly.
    x = testing.random_array((2, 257), "bfloat16", seed=7)
    expected = _sparsemax(x.astype("float64"), -1)
    assert (np.count_nonzero(expected, axis=-1) > 1).all()
    result = ops.sparsemax(x)
    check(result, expected, "bfloat16", 5e-2, 5e-2)


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "sparsemax"])
def test_softmax_family_symbolic(name):
    op = getattr(ops, name)
    testing.assert_spec(op(testing.symbolic((None, 3))), (None, 3), "float32")
    spec = op(testing.symbolic((2, 3), "int32"), axis=0)
    testing.assert_spec(spec, (2, 3), "float32")


# Losses.


def _probabilities(shape, seed, axis=-1):
    p = testing.random_array(shape, seed=seed, low=0.05, high=1.0)
    return (p / p.sum(axis=axis, keepdims=True)).astype("float32")


@pytest.mark.parametrize("from_logits", [False, True])
def test_binary_crossentropy(from_logits):
    target = testing.random_array((3, 4), seed=7, low=0, high=1)
    if from_logits:
        output = testing.random_array((3, 4), seed=8)
        p = _sigmoid(output.astype("float64"))
    else:
        output = testing.random_array((3, 4), seed=8, low=0.01, high=0.99)
        p = output.astype("float64")
    expected = -(target * np.log(p) + (1 - target) * np.log(1 - p))
    check(ops.binary_crossentropy(target, output, from_logits=from_logits), expected,
          "float32", 1e-4, 1e-5)


def test_binary_crossentropy_clips_probabilities():
    # float32 arrays: float64 ones are computed in float64 (as in Keras 3).
    result = ops.binary_crossentropy(
        np.array([1.0, 0.0], "float32"), np.array([0.0, 1.0], "float32")
    )
    # Clipped to [epsilon, 1 - epsilon] in float32, where 1 - 1e-7 rounds to 1 - 2**-23.
    upper = np.float64(np.float32(1 - EPSILON))
    check(result, [-np.log(EPSILON), -np.log(1 - upper)], "float32", 1e-4)


@pytest.mark.parametrize("axis", [-1, 0])
@pytest.mark.parametrize("from_logits", [False, True])
def test_categorical_crossentropy(from_logits, axis):
    target = _probabilities((3, 4), seed=9, axis=axis)
    if from_logits:
        output = testing.random_array((3, 4), seed=10)
        log_p = np.log(_softmax(output.astype("float64"), axis))
    else:
        # Not normalized: the op renormalizes over `axis`.
        output = testing.random_array((3, 4), seed=10, low=0.1, high=2.0)
        log_p = np.log(output / output.sum(axis=axis, keepdims=True))
    expected = -np.sum(target * log_p, axis=axis)
    result = ops.categorical_crossentropy(
        target, output, from_logits=from_logits, axis=axis
    )
    check(result, expected, "float32", 1e-4, 1e-5)


@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize("trailing_one", [False, True])
def test_sparse_categorical_crossentropy(from_logits, trailing_one):
    target = np.array([[0, 3, 1], [2, 2, 0]], "int32")
    if from_logits:
        output = testing.random_array((2, 3, 4), seed=11)
        log_p = np.log(_softmax(output.astype("float64"), -1))
    else:
        output = _probabilities((2, 3, 4), seed=11)
        log_p = np.log(output.astype("float64"))
    expected = -np.take_along_axis(log_p, target[..., None], axis=-1)[..., 0]
    labels = target[..., None] if trailing_one else target
    result = ops.sparse_categorical_crossentropy(
        labels, output, from_logits=from_logits
    )
    check(result, expected, "float32", 1e-4, 1e-5)


def test_losses_symbolic():
    t, o = testing.symbolic((None, 4)), testing.symbolic((None, 4))
    testing.assert_spec(ops.binary_crossentropy(t, o), (None, 4), "float32")
    testing.assert_spec(ops.categorical_crossentropy(t, o), (None,), "float32")
    testing.assert_spec(ops.categorical_crossentropy(t, o, axis=0), (4,), "float32")
    labels = testing.symbolic((None,), "int32")
    spec = ops.sparse_categorical_crossentropy(labels, o)
    testing.assert_spec(spec, (None,), "float32")


def test_loss_errors():
    with pytest.raises(ValueError, match="same shape"):
        ops.binary_crossentropy(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match="same shape"):
        ops.categorical_crossentropy(np.zeros((2, 3)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="last axis"):
        ops.sparse_categorical_crossentropy(np.zeros((3,), "int32"), np.zeros((2, 3)),
                                            axis=0)
    with pytest.raises(ValueError, match="without its last axis"):
        ops.sparse_categorical_crossentropy(np.zeros((3,), "int32"), np.zeros((2, 3)))
    with pytest.raises(TypeError, match="from_logits"):
        ops.binary_crossentropy(np.zeros(2), np.zeros(2), from_logits="yes")


# One-hot encodings.


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_one_hot(axis):
    x = np.array([[0, 2, 5], [-1, 1, 3]], "int32")
    expected = np.moveaxis((x[..., None] == np.arange(4)).astype("float32"), -1, axis)
    check(ops.one_hot(x, 4, axis=axis), expected, "float32")
    check(ops.one_hot(x, 4, axis=axis, dtype="int32"), expected, "int32")
    spec = ops.one_hot(testing.symbolic((None, 3), "int32"), 4, axis=axis)
    shape = [None, 3]
    shape.insert(axis % 3, 4)
    testing.assert_spec(spec, tuple(shape), "float32")


def test_multi_hot():
    x = np.array([[0, 2, 2], [1, 3, 0]], "int32")
    expected = np.array([[1, 0, 1, 0, 0], [1, 1, 0, 1, 0]], "float32")
    check(ops.multi_hot(x, 5), expected, "float32")
    check(ops.multi_hot(x, num_tokens=5, dtype="int32"), expected, "int32")
    check(ops.multi_hot(x, 5, axis=0), expected.T, "float32")
    check(ops.multi_hot(np.array([3, 1], "int32"), 4), [0, 1, 0, 1], "float32")
    spec = ops.multi_hot(testing.symbolic((None, 3), "int32"), 5)
    testing.assert_spec(spec, (None, 5), "float32")
    spec = ops.multi_hot(testing.symbolic((7,), "int32"), 5)
    testing.assert_spec(spec, (5,), "float32")


def test_one_hot_errors():
    with pytest.raises(ValueError, match="num_classes"):
        ops.one_hot(np.array([1]), 0)
    with pytest.raises(TypeError, match="integer"):
        ops.one_hot(np.array([1.0]), 3)
    with pytest.raises(ValueError, match="axis"):
        ops.one_hot(np.array([1]), 3, axis=3)
    with pytest.raises(ValueError, match="num_classes"):
        ops.multi_hot(np.array([1]))


def test_one_hot_sparse():
    if not active.core.SUPPORTS_SPARSE_TENSORS:
        with pytest.raises(ValueError, match="sparse"):
            ops.one_hot(np.array([1]), 3, sparse=True)
        return
    import tensorflow as tf

    result = ops.one_hot(np.array([1, 0], "int32"), 3, sparse=True)
    assert isinstance(result, tf.SparseTensor)
    check(tf.sparse.to_dense(result), np.eye(3)[[1, 0]], "float32")


# Statistics and normalizations.


@pytest.mark.parametrize("axes,keepdims", [([0], False), ([0, 2], True), (-1, False)])
def test_moments(axes, keepdims):
    x = testing.random_array((3, 4, 5), seed=12)
    mean, variance = ops.moments(x, axes, keepdims=keepdims)
    axis = tuple(np.atleast_1d(axes))
    check(mean, x.astype("float64").mean(axis=axis, keepdims=keepdims), "float32")
    check(variance, x.astype("float64").var(axis=axis, keepdims=keepdims), "float32")
    x16 = (testing.random_array((100,), "float16", seed=13) + 500).astype("float16")
    mean16, variance16 = ops.moments(x16, 0)
    check(mean16, x16.astype("float64").mean(), "float16", 1e-3)
    check(variance16, x16.astype("float64").var(), "float16", 1e-2)
    spec_mean, spec_variance = ops.moments(testing.symbolic((None, 4, 5)), [0, 2], True)
    testing.assert_spec(spec_mean, (1, 4, 1), "float32")
    testing.assert_spec(spec_variance, (1, 4, 1), "float32")


@pytest.mark.parametrize("axis", [-1, 1])
def test_batch_normalization(axis):
    x = testing.random_array((2, 3, 4), seed=14)
    size = x.shape[axis]
    mean = testing.random_array((size,), seed=15)
    variance = testing.random_array((size,), seed=16, low=0.5, high=2)
    offset = testing.random_array((size,), seed=17)
    scale = testing.random_array((size,), seed=18)
    shape = [1, 1, 1]
    shape[axis] = size
    r = [v.astype("float64").reshape(shape) for v in (mean, variance, offset, scale)]
    expected = (x - r[0]) / np.sqrt(r[1] + 1e-3) * r[3] + r[2]
    result = ops.batch_normalization(
        x, mean, variance, axis, offset=offset, scale=scale
    )
    check(result, expected, "float32", 1e-5, 1e-5)
    check(ops.batch_normalization(x, mean, variance, axis, epsilon=0.1),
          (x - r[0]) / np.sqrt(r[1] + 0.1), "float32")
    spec = ops.batch_normalization(testing.symbolic((None, 3, 4)), mean[:size],
                                   variance[:size], axis)
    testing.assert_spec(spec, (None, 3, 4), "float32")


def _layer_norm(x, axis, gamma=None, beta=None, epsilon=EPSILON):
    mean = x.mean(axis=axis, keepdims=True)
    result = (x - mean) / np.sqrt(x.var(axis=axis, keepdims=True) + epsilon)
    if gamma is not None:
        result = result * gamma
    return result if beta is None else result + beta


@pytest.mark.parametrize("axis", [-1, (1, 2), 0])
def test_layer_normalization(axis):
    x = testing.random_array((2, 3, 4), seed=19).astype("float64")
    axes = axis if isinstance(axis, tuple) else (axis,)
    shape = [x.shape[a] if a % 3 in [b % 3 for b in axes] else 1 for a in range(3)]
    gamma = testing.random_array([x.shape[a] for a in axes], seed=20)
    beta = testing.random_array([x.shape[a] for a in axes], seed=21)
    expected = _layer_norm(x, axes, gamma.reshape(shape), beta.reshape(shape))
    result = ops.layer_normalization(x.astype("float32"), gamma, beta, axis=axis)
    check(result, expected, "float32", 1e-4, 1e-5)
    check(ops.layer_normalization(x.astype("float32"), axis=axis, epsilon=0.5),
          _layer_norm(x, axes, epsilon=0.5), "float32", 1e-5)


def test_layer_normalization_rms_scaling_and_dtypes():
    x = testing.random_array((3, 4), seed=22)
    gamma = testing.random_array((4,), seed=23)
    mean_square = np.mean(x.astype("float64") ** 2, -1, keepdims=True)
    expected = x / np.sqrt(mean_square + EPSILON) * gamma
    result = ops.layer_normalization(x, gamma, rms_scaling=True)
    check(result, expected, "float32", 1e-5)
    x16 = x.astype("float16")
    expected = _layer_norm(x16.astype("float64"), -1)
    check(ops.layer_normalization(x16), expected, "float16", 1e-2, 1e-2)
    testing.assert_spec(ops.layer_normalization(testing.symbolic((None, 4))), (None, 4),
                        "float32")
    with pytest.raises(TypeError, match="unexpected"):
        ops.layer_normalization(x, center=True)


@pytest.mark.parametrize("axis", [-1, (0, 1)])
def test_rms_normalization(axis):
    x = testing.random_array((3, 4), seed=24)
    scale = testing.random_array((4,), seed=25)
    mean_square = np.mean(x.astype("float64") ** 2, axis=axis, keepdims=True)
    check(ops.rms_normalization(x, scale, axis=axis), x / np.sqrt(mean_square + EPSILON)
          * scale, "float32", 1e-5)
    check(ops.rms_normalization(x, axis=axis, epsilon=0.3),
          x / np.sqrt(mean_square + 0.3), "float32", 1e-5)
    testing.assert_spec(ops.rms_normalization(testing.symbolic((None, 4), "int32")),
                        (None, 4), "float32")


@pytest.mark.parametrize("order", [1, 2, 3, math.inf])
@pytest.mark.parametrize("axis", [-1, 0, (0, 1)])
def test_normalize(order, axis):
    x = testing.random_array((3, 4), seed=26).astype("float64")
    if axis == (0, 1):
        norm = np.linalg.norm(x.reshape(-1), ord=order)
    else:
        norm = np.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    result = ops.normalize(x.astype("float32"), axis=axis, order=order)
    check(result, x / norm, "float32", 1e-5)
    check(ops.normalize(np.zeros((2, 3), "float32"), order=order), np.zeros((2, 3)),
          "float32")
    spec = ops.normalize(testing.symbolic((None, 3)))
    testing.assert_spec(spec, (None, 3), "float32")


def test_psnr():
    x1 = testing.random_array((2, 8, 8, 3), seed=27, low=0, high=1)
    x2 = testing.random_array((2, 8, 8, 3), seed=28, low=0, high=1)
    mse = np.mean((x1.astype("float64") - x2) ** 2)
    expected = 20 * np.log10(1.0) - 10 * np.log10(mse)
    check(ops.psnr(x1, x2, 1.0), expected, "float32", 1e-5)
    check(ops.psnr(x1 * 255, x2 * 255, 255), -10 * np.log10(mse), "float32", 1e-4)
    spec = ops.psnr(testing.symbolic((None, 3)), testing.symbolic((None, 3)), 1.0)
    testing.assert_spec(spec, (), "float32")
    with pytest.raises(ValueError, match="same shape"):
        ops.psnr(x1, x2[0], 1.0)
    with pytest.raises(ValueError, match="max_val"):
        ops.psnr(x1, x2, 0)


def test_polar():
    r = testing.random_array((2, 3), seed=29, low=0, high=2)
    theta = testing.random_array((3,), seed=30)
    check(ops.polar(r, theta), r * np.exp(1j * theta.astype("float64")), "complex64")
    testing.assert_spec(ops.polar(testing.symbolic((None, 3)), testing.symbolic((3,))),
                        (None, 3), "complex64")


def test_normalization_errors():
    x = np.zeros((2, 3), "float32")
    with pytest.raises(ValueError, match="axis"):
        ops.layer_normalization(x, axis=2)
    with pytest.raises(ValueError, match="order"):
        ops.normalize(x, order=0)
    with pytest.raises(ValueError, match="vector"):
        ops.batch_normalization(x, np.zeros(2), np.ones(3), axis=1)
    with pytest.raises(ValueError, match="axes"):
        ops.moments(x, [0, 0])


# Attention.


def _attention(q, k, v, bias=None, mask=None, scale=None, causal=False, cap=None):
    q, k, v = (t.astype("float64") for t in (q, k, v))
    repeats = q.shape[2] // k.shape[2]
    k, v = np.repeat(k, repeats, axis=2), np.repeat(v, repeats, axis=2)
    scale = 1 / np.sqrt(q.shape[-1]) if scale is None else scale
    out = np.zeros(q.shape)
    for b, n, t in itertools.product(*(range(d) for d in q.shape[:3])):
        logits = np.array([q[b, t, n] @ k[b, s, n] * scale for s in range(k.shape[1])])
        if cap is not None:
            logits = cap * np.tanh(logits / cap)
        if bias is not None:
            logits = logits + np.broadcast_to(bias, (q.shape[0], q.shape[2], q.shape[1],
                                                     k.shape[1]))[b, n, t]
        keep = np.ones(k.shape[1], bool)
        if mask is not None:
            keep &= np.broadcast_to(mask, (q.shape[0], q.shape[2], q.shape[1],
                                           k.shape[1]))[b, n, t]
        if causal:
            keep &= np.arange(k.shape[1]) <= t
        weights = np.where(keep, np.exp(logits - logits[keep].max()), 0)
        out[b, t, n] = weights @ v[b, :, n] / weights.sum()
    return out


@pytest.mark.parametrize("case", ["plain", "bias_mask", "causal_gqa", "scale_cap"])
def test_dot_product_attention(case):
    q = testing.random_array((2, 4, 4, 3), seed=31)
    heads = 2 if case == "causal_gqa" else 4
    k = testing.random_array((2, 4, heads, 3), seed=32)
    v = testing.random_array((2, 4, heads, 3), seed=33)
    kwargs = {}
    if case == "bias_mask":
        kwargs["bias"] = testing.random_array((1, 4, 4, 4), seed=34)
        mask = testing.random_array((2, 1, 4, 4), "bool", seed=35)
        mask[..., 0] = True
        kwargs["mask"] = mask
    if case == "causal_gqa":
        kwargs["is_causal"] = True
    if case == "scale_cap":
        kwargs.update(scale=0.9, attn_logits_soft_cap=2.0)
    expected = _attention(
        q, k, v, kwargs.get("bias"), kwargs.get("mask"), kwargs.get("scale"),
        kwargs.get("is_causal", False), kwargs.get("attn_logits_soft_cap"),
    )
    check(ops.dot_product_attention(q, k, v, **kwargs), expected, "float32", 1e-4, 1e-5)


def test_dot_product_attention_symbolic_and_errors():
    q = testing.symbolic((None, 5, 4, 8))
    kv = testing.symbolic((None, 7, 2, 8))
    spec = ops.dot_product_attention(q, kv, kv)
    testing.assert_spec(spec, (None, 5, 4, 8), "float32")
    with pytest.raises(ValueError, match="rank 4"):
        ops.dot_product_attention(np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="multiple"):
        ops.dot_product_attention(np.zeros((1, 2, 3, 4)), np.zeros((1, 2, 2, 4)),
                                  np.zeros((1, 2, 2, 4)))


# Pooling.


def _same_pads(size, window, stride, dilation=1):
    effective = (window - 1) * dilation + 1
    total = max((-(-size // stride) - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def _window_max(block):
    return block.max(axis=1)


def _window_mean(block):
    return block.mean(axis=1)


def _pool(x, pool, strides, padding, reduce):
    """Loop reference on channels-last `x`: the windows clipped to the input."""
    spatial = x.shape[1:-1]
    pads = [_same_pads(n, k, s) if padding == "same" else (0, 0)
            for n, k, s in zip(spatial, pool, strides)]
    outs = [
        (n + sum(p) - k) // s + 1 for n, k, s, p in zip(spatial, pool, strides, pads)
    ]
    result = np.zeros((x.shape[0], *outs, x.shape[-1]))
    for index in np.ndindex(*outs):
        window = tuple(
            slice(max(i * s - p[0], 0), min(i * s - p[0] + k, n))
            for i, s, p, k, n in zip(index, strides, pads, pool, spatial)
        )
        block = x[(slice(None), *window)]
        block = block.reshape(x.shape[0], -1, x.shape[-1])
        result[(slice(None), *index)] = reduce(block)
    return result


POOL_CASES = [
    ((2, 7, 3), 2, None, "valid"),
    ((2, 7, 3), 3, 2, "same"),
    ((1, 6, 5, 2), (2, 3), (1, 2), "valid"),
    ((1, 6, 5, 2), 3, 2, "same"),
    ((1, 4, 5, 3, 2), 2, 1, "same"),
    ((1, 4, 5, 3, 2), (2, 2, 1), None, "valid"),
    # Strides larger than the window (NASNet average-pools 1x1 with stride 2).
    ((1, 7, 6, 2), 1, 2, "valid"),
    ((1, 7, 6, 2), 2, 3, "same"),
    ((2, 8, 3), 1, 3, "same"),
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("shape,pool,strides,padding", POOL_CASES)
@pytest.mark.parametrize("name", ["max_pool", "average_pool"])
def test_pooling(name, shape, pool, strides, padding, data_format):
    x = testing.random_array(shape, seed=36)
    n = len(shape) - 2
    pool_t = (pool,) * n if isinstance(pool, int) else pool
    if strides is None:
        strides_t = pool_t
    else:
        strides_t = (strides,) * n if isinstance(strides, int) else strides
    reduce = _window_max if name == "max_pool" else _window_mean
    expected = _pool(x.astype("float64"), pool_t, strides_t, padding, reduce)
    inputs = x
    if data_format == "channels_first":
        inputs, expected = np.moveaxis(x, -1, 1), np.moveaxis(expected, -1, 1)
    op = getattr(ops, name)
    result = op(inputs, pool, strides=strides, padding=padding, data_format=data_format)
    check(result, expected, "float32", 1e-5, 1e-6)
    symbolic_shape = (None, *inputs.shape[1:])
    spec = op(testing.symbolic(symbolic_shape), pool, strides, padding, data_format)
    testing.assert_spec(spec, (None, *expected.shape[1:]), "float32")


def _adaptive(x, output_size, reduce):
    spatial = x.shape[1:-1]
    result = np.zeros((x.shape[0], *output_size, x.shape[-1]))
    for index in np.ndindex(*output_size):
        window = tuple(slice(i * n // o, -(-(i + 1) * n // o))
                       for i, n, o in zip(index, spatial, output_size))
        block = x[(slice(None), *window)]
        block = block.reshape(x.shape[0], -1, x.shape[-1])
        result[(slice(None), *index)] = reduce(block)
    return result


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("shape,output_size", [((2, 7, 3), 3), ((1, 7, 5, 2), (3, 2)),
                                               ((1, 5, 4, 6, 2), (2, 3, 4)),
                                               ((1, 4, 4, 1), 4)])
@pytest.mark.parametrize("name", ["adaptive_max_pool", "adaptive_average_pool"])
def test_adaptive_pooling(name, shape, output_size, data_format):
    x = testing.random_array(shape, seed=37)
    n = len(shape) - 2
    size = (output_size,) * n if isinstance(output_size, int) else output_size
    reduce = _window_max if "max" in name else _window_mean
    expected = _adaptive(x.astype("float64"), size, reduce)
    inputs = x
    if data_format == "channels_first":
        inputs, expected = np.moveaxis(x, -1, 1), np.moveaxis(expected, -1, 1)
    op = getattr(ops, name)
    check(op(inputs, output_size, data_format=data_format), expected, "float32", 1e-5)
    spec = op(testing.symbolic((None, *inputs.shape[1:])), output_size, data_format)
    testing.assert_spec(spec, (None, *expected.shape[1:]), "float32")


def test_pooling_default_data_format_and_errors():
    assert config.image_data_format() == "channels_last"
    x = testing.random_array((1, 4, 4, 2), seed=38)
    expected = _pool(x.astype("float64"), (2, 2), (2, 2), "valid", _window_max)
    check(ops.max_pool(x, 2), expected, "float32")
    with pytest.raises(ValueError, match="padding"):
        ops.max_pool(x, 2, padding="full")
    with pytest.raises(ValueError, match="data_format"):
        ops.average_pool(x, 2, data_format="NHWC")
    with pytest.raises(ValueError, match="pool_size"):
        ops.max_pool(x, (2, 2, 2))
    with pytest.raises(ValueError, match="rank"):
        ops.max_pool(np.zeros((4, 4)), 2)
    with pytest.raises(ValueError, match="output_size"):
        ops.adaptive_average_pool(x, 0)


# Convolutions.


def _conv(x, kernel, strides, padding, dilation):
    """Loop reference of a grouped correlation on channels-last `x`."""
    n = x.ndim - 2
    window = kernel.shape[:n]
    spatial = x.shape[1:-1]
    pads = [_same_pads(s, k, st, d) if padding == "same" else (0, 0)
            for s, k, st, d in zip(spatial, window, strides, dilation)]
    x = np.pad(x, [(0, 0), *pads, (0, 0)])
    outs = [(s - (k - 1) * d - 1) // st + 1
            for s, k, st, d in zip(x.shape[1:-1], window, strides, dilation)]
    group_in, out_channels = kernel.shape[-2:]
    groups = x.shape[-1] // group_in
    per_group = out_channels // groups
    result = np.zeros((x.shape[0], *outs, out_channels))
    for index in np.ndindex(*outs):
        for tap in np.ndindex(*window):
            position = tuple(i * st + t * d for i, st, t, d in zip(index, strides, tap,
                                                                     dilation))
            values = x[(slice(None), *position)]  # (batch, channels)
            for o in range(out_channels):
                g = o // per_group
                group = values[:, g * group_in : (g + 1) * group_in]
                weights = kernel[(*tap, slice(None), o)]
                result[(slice(None), *index, o)] += group @ weights
    return result


CONV_CASES = [
    # input shape, kernel shape, strides, padding, dilation
    ((2, 8, 3), (3, 3, 4), 1, "valid", 1),
    ((2, 8, 3), (3, 3, 2), 2, "same", 1),
    ((1, 9, 4), (2, 2, 6), 1, "same", 2),  # 2 groups
    ((1, 7, 6, 2), (3, 2, 2, 3), (2, 1), "same", 1),
    ((1, 7, 6, 2), (2, 3, 2, 2), 1, "valid", (2, 1)),
    ((1, 8, 7, 4), (3, 3, 1, 4), 2, "same", 2),  # depthwise groups, stride, dilation
    ((1, 5, 4, 6, 2), (2, 3, 2, 2, 3), (1, 2, 1), "same", 1),
    ((1, 5, 4, 6, 4), (2, 2, 2, 2, 4), 1, "valid", 1),  # 3-D, 2 groups
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("shape,kernel_shape,strides,padding,dilation", CONV_CASES)
def test_conv(shape, kernel_shape, strides, padding, dilation, data_format):
    x = testing.random_array(shape, seed=39)
    kernel = testing.random_array(kernel_shape, seed=40)
    n = len(shape) - 2
    strides_t = (strides,) * n if isinstance(strides, int) else strides
    dilation_t = (dilation,) * n if isinstance(dilation, int) else dilation
    expected = _conv(x.astype("float64"), kernel.astype("float64"), strides_t, padding,
                     dilation_t)
    inputs = x
    if data_format == "channels_first":
        inputs, expected = np.moveaxis(x, -1, 1), np.moveaxis(expected, -1, 1)
    result = ops.conv(inputs, kernel, strides, padding, data_format, dilation)
    check(result, expected, "float32", 1e-4, 1e-4)
    spec = ops.conv(
        testing.symbolic((None, *inputs.shape[1:])),
        testing.symbolic(kernel_shape),
        strides,
        padding,
        data_format,
        dilation,
    )
    testing.assert_spec(spec, (None, *expected.shape[1:]), "float32")


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("shape,window,strides,padding,dilation", [
    ((2, 8, 3), (3,), 1, "valid", 1),
    ((1, 7, 6, 2), (3, 2), 2, "same", 1),
    ((1, 8, 7, 2), (2, 2), 1, "same", 2),
    ((1, 5, 4, 6, 2), (2, 2, 3), 1, "valid", 1),
])
def test_depthwise_and_separable_conv(shape, window, strides, padding, dilation,
                                      data_format):
    channels = shape[-1]
    x = testing.random_array(shape, seed=41)
    depthwise = testing.random_array((*window, channels, 2), seed=42)
    pointwise = testing.random_array((*(1,) * len(window), channels * 2, 3), seed=43)
    n = len(window)
    strides_t, dilation_t = (strides,) * n, (dilation,) * n
    grouped = depthwise.reshape(*window, 1, channels * 2).astype("float64")
    expected = _conv(x.astype("float64"), grouped, strides_t, padding, dilation_t)
    expected_separable = _conv(expected, pointwise.astype("float64"), (1,) * n, "valid",
                               (1,) * n)
    inputs = x
    if data_format == "channels_first":
        inputs = np.moveaxis(x, -1, 1)
        expected = np.moveaxis(expected, -1, 1)
        expected_separable = np.moveaxis(expected_separable, -1, 1)
    options = (strides, padding, data_format, dilation)
    result = ops.depthwise_conv(inputs, depthwise, *options)
    check(result, expected, "float32", 1e-4, 1e-4)
    result = ops.separable_conv(inputs, depthwise, pointwise, *options)
    check(result, expected_separable, "float32", 1e-4, 1e-4)
    symbolic_inputs = testing.symbolic((None, *inputs.shape[1:]))
    spec = ops.depthwise_conv(symbolic_inputs, depthwise, strides, padding, data_format,
                              dilation)
    testing.assert_spec(spec, (None, *expected.shape[1:]), "float32")
    spec = ops.separable_conv(symbolic_inputs, depthwise, pointwise, strides, padding,
                              data_format, dilation)
    testing.assert_spec(spec, (None, *expected_separable.shape[1:]), "float32")


def _conv_transpose(x, kernel, strides, padding, output_padding, dilation):
    """Reference: scatter every input through every tap, then crop (zero-extended)."""
    n = x.ndim - 2
    window = kernel.shape[:n]
    effective = [(k - 1) * d + 1 for k, d in zip(window, dilation)]
    full_shape = [
        (s - 1) * st + e for s, st, e in zip(x.shape[1:-1], strides, effective)
    ]
    full = np.zeros((x.shape[0], *full_shape, kernel.shape[-2]))
    for index in np.ndindex(*x.shape[1:-1]):
        for tap in np.ndindex(*window):
            position = tuple(i * st + t * d for i, st, t, d in zip(index, strides, tap,
                                                                     dilation))
            full[(slice(None), *position)] += x[(slice(None), *index)] @ kernel[tap].T
    starts, lengths = [], []
    for size, st, e, p in zip(x.shape[1:-1], strides, effective, output_padding):
        if p is None:
            if padding == "valid":
                starts.append(0)
                lengths.append(size * st + max(e - st, 0))
            else:
                starts.append(max(e - st, 0) // 2)
                lengths.append(size * st)
        else:
            # Keras 3 starts a "same" output (2 * pad - output_padding) // 2 steps in.
            pad = e // 2 if padding == "same" else 0
            starts.append((2 * pad - p) // 2 if padding == "same" else 0)
            lengths.append((size - 1) * st + e - 2 * pad + p)
    tails = [(0, max(s + le - f, 0)) for s, le, f in zip(starts, lengths, full_shape)]
    extended = np.pad(full, [(0, 0), *tails, (0, 0)])
    windows = [slice(s, s + le) for s, le in zip(starts, lengths)]
    return extended[(slice(None), *windows)]


TRANSPOSE_CASES = [
    # input, kernel (k..., out, in), strides, padding, output_padding, dilation
    ((2, 5, 3), (3, 2, 3), 2, "valid", None, 1),
    ((2, 5, 3), (3, 2, 3), 2, "same", None, 1),
    ((2, 5, 3), (2, 2, 3), 3, "valid", None, 1),
    ((1, 4, 2), (4, 3, 2), 2, "same", None, 1),
    ((1, 4, 2), (3, 3, 2), 1, "same", None, 2),
    ((1, 4, 2), (3, 3, 2), 2, "same", 1, 1),
    ((1, 4, 2), (3, 3, 2), 2, "valid", 1, 1),
    ((1, 4, 3, 2), (3, 2, 2, 2), (2, 1), "same", None, 1),
    ((1, 4, 3, 2), (2, 3, 3, 2), 2, "valid", (1, 0), 1),
    ((1, 3, 2, 3, 2), (2, 2, 3, 1, 2), (1, 2, 2), "same", None, 1),
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    "shape,kernel_shape,strides,padding,output_padding,dilation", TRANSPOSE_CASES
)
def test_conv_transpose(shape, kernel_shape, strides, padding, output_padding, dilation,
                        data_format):
    x = testing.random_array(shape, seed=44)
    kernel = testing.random_array(kernel_shape, seed=45)
    n = len(shape) - 2

    def as_tuple(v):
        return (v,) * n if isinstance(v, int) or v is None else v

    expected = _conv_transpose(x.astype("float64"), kernel.astype("float64"),
                               as_tuple(strides), padding, as_tuple(output_padding),
                               as_tuple(dilation))
    inputs = x
    if data_format == "channels_first":
        inputs, expected = np.moveaxis(x, -1, 1), np.moveaxis(expected, -1, 1)
    result = ops.conv_transpose(inputs, kernel, strides, padding, output_padding,
                                data_format, dilation)
    check(result, expected, "float32", 1e-4, 1e-4)
    spec = ops.conv_transpose(
        testing.symbolic((None, *inputs.shape[1:])),
        kernel,
        strides,
        padding,
        output_padding,
        data_format,
        dilation,
    )
    testing.assert_spec(spec, (None, *expected.shape[1:]), "float32")


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("strides", [1, 2, 3])
def test_conv_transpose_is_the_adjoint_of_conv(strides, padding):
    # <conv(x, k), y> == <x, conv_transpose(y, k)>: the defining property.
    kernel = testing.random_array((3, 2, 3, 4), seed=46)
    # Sizes divisible by the strides, where "same" pads conv and its transpose alike.
    x = testing.random_array((1, 12, 6, 3), seed=47)
    y_shape = testing.to_numpy(ops.conv(x, kernel, strides, padding)).shape
    y = testing.random_array(y_shape, seed=48)
    left = np.sum(testing.to_numpy(ops.conv(x, kernel, strides, padding)) * y)
    transposed = testing.to_numpy(ops.conv_transpose(y, kernel, strides, padding))
    # "valid" conv ignores trailing inputs that no window reaches, as does its adjoint.
    rows, cols = (min(a, b) for a, b in zip(x.shape[1:3], transposed.shape[1:3]))
    right = np.sum(x[:, :rows, :cols] * transposed[:, :rows, :cols])
    np.testing.assert_allclose(left, right, rtol=1e-4)


def test_conv_dtypes():
    x = testing.random_array((1, 5, 2), "int32", seed=49)
    kernel = testing.random_array((2, 2, 3), seed=50)
    result = ops.conv(x, kernel)
    check(result, _conv(x.astype("float64"), kernel.astype("float64"), (1,), "valid",
                        (1,)), "float32", 1e-5, 1e-5)
    spec = ops.conv(testing.symbolic((None, 5, 2), "float16"),
                    testing.symbolic((2, 2, 3), "float16"))
    testing.assert_spec(spec, (None, 4, 3), "float16")


def test_conv_errors():
    x = np.zeros((1, 5, 4), "float32")
    with pytest.raises(ValueError, match="kernel"):
        ops.conv(x, np.zeros((2, 2, 4, 1)))
    with pytest.raises(ValueError, match="multiple"):
        ops.conv(x, np.zeros((2, 3, 1)))
    with pytest.raises(ValueError, match="strides"):
        ops.conv(x, np.zeros((2, 4, 1)), strides=0)
    with pytest.raises(ValueError, match="dilation_rate"):
        ops.conv(x, np.zeros((2, 4, 1)), dilation_rate=(1, 1))
    with pytest.raises(ValueError, match="input channels"):
        ops.depthwise_conv(x, np.zeros((2, 3, 1)))
    with pytest.raises(ValueError, match="pointwise_kernel"):
        ops.separable_conv(x, np.zeros((2, 4, 1)), np.zeros((2, 4, 3)))
    with pytest.raises(ValueError, match="output_padding"):
        ops.conv_transpose(x, np.zeros((2, 3, 4)), strides=2, output_padding=2)
    with pytest.raises(ValueError, match="input channels"):
        ops.conv_transpose(x, np.zeros((2, 3, 5)))


# Rearrangements.


def _depth_to_space(x, b):
    n, h, w, c = x.shape
    out = np.zeros((n, h * b, w * b, c // (b * b)), x.dtype)
    for i, j in itertools.product(range(h * b), range(w * b)):
        block = (i % b) * b + (j % b)
        depth = c // (b * b)
        out[:, i, j] = x[:, i // b, j // b, block * depth : (block + 1) * depth]
    return out


def _depth_to_space_channels_first(x, b):
    # A pixel shuffle: output channel c of block offset (i, j) is input channel
    # c * b * b + i * b + j (Keras 3's channels_first order).
    n, c, h, w = x.shape
    out = np.zeros((n, c // (b * b), h * b, w * b), x.dtype)
    for channel, i, j in itertools.product(range(c // (b * b)), range(b), range(b)):
        out[:, channel, i::b, j::b] = x[:, channel * b * b + i * b + j]
    return out


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("block_size", [2, 3])
def test_depth_to_space_and_space_to_depth(block_size, data_format):
    x = testing.random_array((2, 2, 3, 2 * block_size**2), "int32", seed=51, low=-50,
                             high=50)
    expected = _depth_to_space(x, block_size)
    inputs = x
    if data_format == "channels_first":
        inputs = np.transpose(x, (0, 3, 1, 2))
        expected = _depth_to_space_channels_first(inputs, block_size)
    result = ops.depth_to_space(inputs, block_size, data_format=data_format)
    check(result, expected, "int32")
    check(ops.space_to_depth(expected, block_size, data_format=data_format), inputs,
          "int32")
    spec = ops.depth_to_space(testing.symbolic((None, *inputs.shape[1:]), "int32"),
                              block_size, data_format)
    testing.assert_spec(spec, (None, *expected.shape[1:]), "int32")
    spec = ops.space_to_depth(testing.symbolic((None, *expected.shape[1:])), block_size,
                              data_format)
    testing.assert_spec(spec, (None, *inputs.shape[1:]), "float32")


def test_depth_to_space_errors():
    with pytest.raises(ValueError, match="multiple"):
        ops.depth_to_space(np.zeros((1, 2, 2, 6)), 2)
    with pytest.raises(ValueError, match="multiples"):
        ops.space_to_depth(np.zeros((1, 3, 2, 6)), 2)
    with pytest.raises(ValueError, match="block_size"):
        ops.depth_to_space(np.zeros((1, 2, 2, 8)), 1)
    with pytest.raises(ValueError, match="rank 4"):
        ops.depth_to_space(np.zeros((2, 2, 8)), 2)


def _unfold(x, kernel, dilation, padding, stride):
    n, c, h, w = x.shape
    xp = np.pad(x, [(0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2])
    rows = (h + 2 * padding[0] - (kernel[0] - 1) * dilation[0] - 1) // stride[0] + 1
    cols = (w + 2 * padding[1] - (kernel[1] - 1) * dilation[1] - 1) // stride[1] + 1
    out = np.zeros((n, c * kernel[0] * kernel[1], rows * cols), x.dtype)
    ranges = (range(c), range(kernel[0]), range(kernel[1]), range(rows), range(cols))
    for ch, i, j, r, q in itertools.product(*ranges):
        feature = (ch * kernel[0] + i) * kernel[1] + j
        out[:, feature, r * cols + q] = xp[:, ch, r * stride[0] + i * dilation[0],
                                           q * stride[1] + j * dilation[1]]
    return out


FOLD_CASES = [
    # image shape, kernel_size, dilation, padding, stride
    ((2, 3, 4, 5), 2, 1, 0, 1),
    ((1, 2, 6, 6), 2, 1, 0, 2),
    ((1, 2, 7, 5), (3, 2), (1, 2), (1, 0), (2, 1)),
    ((1, 1, 5, 5), 3, 2, 2, 1),
]


@pytest.mark.parametrize("shape,kernel,dilation,padding,stride", FOLD_CASES)
def test_unfold_and_fold(shape, kernel, dilation, padding, stride):
    x = testing.random_array(shape, seed=52)

    def pair(v):
        return (v, v) if isinstance(v, int) else v

    args = [pair(v) for v in (kernel, dilation, padding, stride)]
    expected = _unfold(x.astype("float64"), *args)
    result = ops.unfold(x, kernel, dilation, padding, stride)
    check(result, expected, "float32")
    # fold is the adjoint of unfold: <unfold(x), y> == <x, fold(y)>.
    y = testing.random_array(expected.shape, seed=53)
    folded = testing.to_numpy(ops.fold(y, shape[2:], kernel, dilation, padding, stride))
    assert folded.shape == shape and folded.dtype == np.float32
    np.testing.assert_allclose(np.sum(expected * y), np.sum(x * folded), rtol=1e-4)
    spec = ops.unfold(testing.symbolic((None, *shape[1:])), kernel, dilation, padding,
                      stride)
    testing.assert_spec(spec, (None, *expected.shape[1:]), "float32")
    spec = ops.fold(testing.symbolic((None, *expected.shape[1:])), shape[2:], kernel,
                    dilation, padding, stride)
    testing.assert_spec(spec, (None, *shape[1:]), "float32")


def test_fold_sums_overlaps():
    # Every pixel of a 3x3 image belongs to this many 2x2 blocks (stride 1).
    counts = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], "float32")
    result = ops.fold(np.ones((1, 4, 4), "float32"), 3, 2)
    check(result, counts[None, None], "float32")


def test_fold_unfold_errors():
    with pytest.raises(ValueError, match="rank 4"):
        ops.unfold(np.zeros((2, 4, 4)), 2)
    with pytest.raises(ValueError, match="no block"):
        ops.unfold(np.zeros((1, 1, 2, 2)), 3)
    with pytest.raises(ValueError, match="number of blocks"):
        ops.fold(np.zeros((1, 4, 5)), 3, 2)
    with pytest.raises(ValueError, match="multiple"):
        ops.fold(np.zeros((1, 5, 4)), 3, 2)


# Connectionist temporal classification.


def _ctc_loss(labels, logits, blank):
    """-log P(labels | logits) by enumerating every alignment (tiny inputs only)."""
    log_p = np.log(_softmax(logits.astype("float64"), -1))
    total = -np.inf
    for path in itertools.product(range(logits.shape[-1]), repeat=logits.shape[0]):
        collapsed = [c for i, c in enumerate(path) if i == 0 or c != path[i - 1]]
        if [c for c in collapsed if c != blank] == list(labels):
            total = np.logaddexp(total, sum(log_p[t, c] for t, c in enumerate(path)))
    return -total


@pytest.mark.parametrize("blank", [0, 3])
def test_ctc_loss(blank):
    logits = testing.random_array((3, 5, 4), seed=54)
    labels = [1, 2] if blank == 0 else [1, 1]
    target = np.array([labels + [0], [2, 0, 0], labels[:1] + [2, 1]], "int32")
    if blank == 3:
        target[1, 0] = 2
    target_length = np.array([2, 1, 3], "int32")
    output_length = np.array([5, 4, 5], "int32")
    expected = [
        _ctc_loss(target[b, : target_length[b]], logits[b, : output_length[b]], blank)
        for b in range(3)
    ]
    result = ops.ctc_loss(
        target, logits, target_length, output_length, mask_index=blank
    )
    check(result, expected, "float32", 1e-4, 1e-4)
    spec = ops.ctc_loss(
        testing.symbolic((None, 3), "int32"),
        testing.symbolic((None, 5, 4)),
        testing.symbolic((None,), "int32"),
        testing.symbolic((None,), "int32"),
    )
    testing.assert_spec(spec, (None,), "float32")


def _greedy_decode(logits, lengths, merge_repeated, blank):
    decoded = np.full(logits.shape[:2], -1)
    for b in range(logits.shape[0]):
        best = logits[b, : lengths[b]].argmax(-1)
        labels = [c for i, c in enumerate(best)
                  if c != blank and not (merge_repeated and i > 0 and c == best[i - 1])]
        decoded[b, : len(labels)] = labels
    scores = np.array([[-logits[b, : lengths[b]].max(-1).sum()]
                       for b in range(logits.shape[0])])
    return decoded[None], scores


@pytest.mark.parametrize("merge_repeated", [True, False])
@pytest.mark.parametrize("blank", [0, 2])
def test_ctc_greedy_decode(merge_repeated, blank):
    logits = testing.random_array((3, 8, 3), seed=55)
    logits[0, 1:3, 1] = 10.0  # a repeat
    lengths = np.array([8, 5, 0], "int32")
    expected, scores = _greedy_decode(logits, lengths, merge_repeated, blank)
    decoded, log_probabilities = ops.ctc_decode(
        logits, lengths, merge_repeated=merge_repeated, mask_index=blank
    )
    check(decoded, expected, "int32")
    check(log_probabilities, scores, "float32", 1e-5)
    spec = ops.ctc_decode(
        testing.symbolic((None, 8, 3)), testing.symbolic((None,), "int32")
    )
    testing.assert_spec(spec[0], (1, None, 8), "int32")
    testing.assert_spec(spec[1], (None, 1), "float32")


def test_ctc_beam_search_decode():
    logits = testing.random_array((2, 4, 3), seed=56)
    lengths = np.array([4, 3], "int32")
    if active.name != "numpy":
        with pytest.raises(NotImplementedError, match="beam_search"):
            ops.ctc_decode(logits, lengths, strategy="beam_search")
        return
    decoded, scores = ops.ctc_decode(
        logits, lengths, strategy="beam_search", beam_width=50, top_paths=2
    )
    decoded, scores = testing.to_numpy(decoded), testing.to_numpy(scores)
    assert decoded.shape == (2, 2, 4) and scores.shape == (2, 2)
    # With a beam wider than the number of prefixes, the search is exact: each path's
    # score is the total probability of its label sequence.
    for b in range(2):
        for path in range(2):
            labels = [c for c in decoded[path, b] if c >= 0]
            expected = -_ctc_loss(labels, logits[b, : lengths[b]], 0)
            np.testing.assert_allclose(scores[b, path], expected, rtol=1e-4)
        assert scores[b, 0] >= scores[b, 1]


def test_ctc_errors():
    logits = np.zeros((2, 5, 3), "float32")
    lengths = np.array([5, 5])
    with pytest.raises(ValueError, match="strategy"):
        ops.ctc_decode(logits, lengths, strategy="best")
    with pytest.raises(ValueError, match="top_paths"):
        ops.ctc_decode(
            logits, lengths, strategy="beam_search", beam_width=2, top_paths=3
        )
    with pytest.raises(ValueError, match="rank 3"):
        ops.ctc_decode(logits[0], lengths)
    with pytest.raises(ValueError, match="mask_index"):
        ops.ctc_loss(np.zeros((2, 2), "int32"), logits, lengths, lengths, mask_index=3)
    with pytest.raises(TypeError, match="integer"):
        ops.ctc_loss(np.zeros((2, 2)), logits, lengths, lengths)


# Argument checks shared by many ops.


def test_activation_argument_errors():
    x = np.zeros(3, "float32")
    with pytest.raises(TypeError, match="negative_slope"):
        ops.leaky_relu(x, negative_slope="a")
    with pytest.raises(ValueError, match="even"):
        ops.glu(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="axis"):
        ops.softmax(x, axis=1)
    with pytest.raises(ValueError, match="repeated"):
        ops.softmax(np.zeros((2, 3)), axis=(0, 0))
    with pytest.raises(TypeError, match="approximate"):
        ops.gelu(x, approximate=None)
    with pytest.raises(ValueError, match="b"):
        ops.squareplus(x, b=-1)


def test_public_names_and_aliases():
    from keras.ops import nn

    assert nn.__all__ == sorted(nn.__all__)
    assert ops.swish is ops.silu and ops.hard_swish is ops.hard_silu
    for name in nn.__all__:
        assert getattr(ops, name) is getattr(nn, name)
    result = testing.to_numpy(ops.relu(np.ones(2, "uint8")))
    assert dtypes.standardize_dtype(result.dtype) == "uint8"


# Symbolic and eager results agree (keras/ops/agreement_test.py): regressions.


def _held(dtype):
    """The dtype the backend stores `dtype` values in (jax without x64: 32 bits)."""
    return dtypes.standardize_dtype(ops.convert_to_tensor(np.zeros((), dtype)).dtype)


def _symbolic_like(x):
    return testing.symbolic(tuple(x.shape), dtypes.standardize_dtype(x.dtype))


def test_float64_inputs_keep_float64_eagerly_and_symbolically():
    f64 = _held("float64")
    x = testing.random_array((1, 5, 5, 2), "float64")
    k = testing.random_array((3, 3, 2, 4), "float64")
    t = testing.random_array((3, 4), "float64", low=0.0, high=1.0)
    logits = testing.random_array((3, 4), "float64")
    calls = {
        "sigmoid": lambda a: ops.sigmoid(a[0]),
        "relu": lambda a: ops.relu(a[0]),
        "softmax": lambda a: ops.softmax(a[0]),
        "moments": lambda a: ops.moments(a[0], axes=(1, 2))[1],
        "conv": lambda a: ops.conv(a[0], a[1]),
        "conv_transpose": lambda a: ops.conv_transpose(a[0], a[4], strides=2),
        "depthwise_conv": lambda a: ops.depthwise_conv(a[0], a[1][..., :1]),
        "binary_crossentropy": lambda a: ops.binary_crossentropy(
            a[2], a[3], from_logits=True
        ),
        "categorical_crossentropy": lambda a: ops.categorical_crossentropy(
            a[2], a[3], from_logits=True
        ),
        "psnr": lambda a: ops.psnr(a[2], a[3], 1.0),
    }
    k_transpose = testing.random_array((3, 3, 4, 2), "float64")
    tensors = [ops.convert_to_tensor(v) for v in (x, k, t, logits, k_transpose)]
    for name, call in calls.items():
        eager = call(tensors)
        spec = call([_symbolic_like(v) for v in tensors])
        assert dtypes.standardize_dtype(eager.dtype) == f64, name
        testing.assert_spec(spec, tuple(eager.shape), f64)
    # The values are computed in float64 where the backend holds it.
    tol = 1e-12 if f64 == "float64" else 1e-5
    expected = np.maximum(logits, 0) - logits * t + np.log1p(np.exp(-np.abs(logits)))
    testing.assert_close(
        ops.binary_crossentropy(t, logits, from_logits=True),
        expected.astype(f64),
        rtol=tol,
        atol=tol,
    )
    expected = 10 * np.log10(1.0 / np.mean(np.square(t - logits)))
    testing.assert_close(
        ops.psnr(t, logits, 1.0), np.asarray(expected, f64), rtol=tol, atol=tol
    )


def test_dot_product_attention_float64_gives_float32():
    # As in Keras 3: the result is 32-bit at most, eagerly and symbolically.
    q = testing.random_array((1, 3, 2, 4), "float64")
    out = ops.dot_product_attention(q, q, q)
    assert dtypes.standardize_dtype(out.dtype) == "float32"
    spec = ops.dot_product_attention(*[testing.symbolic((1, 3, 2, 4), "float64")] * 3)
    testing.assert_spec(spec, (1, 3, 2, 4), "float32")
    logits = np.einsum("btnh,bsnh->bnts", q, q) / 2.0
    weights = np.exp(logits - logits.max(-1, keepdims=True))
    weights /= weights.sum(-1, keepdims=True)
    expected = np.einsum("bnts,bsnh->btnh", weights, q).astype("float32")
    testing.assert_close(out, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "name",
    [
        "gelu",
        "hard_sigmoid",
        "hard_silu",
        "hard_swish",
        "hard_tanh",
        "relu6",
        "sparse_sigmoid",
    ],
)
def test_bfloat16_activations_keep_bfloat16(name):
    references = {
        "gelu": ACTIVATIONS["gelu"][0],
        "hard_sigmoid": lambda v: np.clip(v / 6 + 0.5, 0, 1),
        "hard_silu": lambda v: v * np.clip(v / 6 + 0.5, 0, 1),
        "hard_swish": lambda v: v * np.clip(v / 6 + 0.5, 0, 1),
        "hard_tanh": lambda v: np.clip(v, -1, 1),
        "relu6": lambda v: np.clip(v, 0, 6),
        "sparse_sigmoid": lambda v: np.clip(0.5 * (v + 1), 0, 1),
    }
    x = testing.random_array((2, 5), "bfloat16", low=-8.0, high=8.0)
    op = getattr(ops, name)
    out = op(ops.convert_to_tensor(x))
    expected = references[name](x.astype("float64")).astype(x.dtype)
    testing.assert_close(out, expected, rtol=2e-2, atol=2e-2)
    testing.assert_spec(op(testing.symbolic((2, 5), "bfloat16")), (2, 5), "bfloat16")


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float64", "float32"])
def test_ctc_computes_in_float32(dtype):
    # As in Keras 3: CTC's loss and decoding scores are float32 for every input dtype.
    logits = testing.random_array((2, 6, 4), dtype)
    target = np.array([[1, 2, 0], [3, 0, 0]], "int32")
    target_length = np.array([2, 1], "int32")
    lengths = np.array([6, 5], "int32")
    loss = ops.ctc_loss(target, logits, target_length, lengths)
    reference = ops.ctc_loss(target, logits.astype("float32"), target_length, lengths)
    testing.assert_close(loss, testing.to_numpy(reference), rtol=1e-6, atol=1e-6)
    spec = ops.ctc_loss(
        target, testing.symbolic((2, 6, 4), dtype), target_length, lengths
    )
    testing.assert_spec(spec, (2,), "float32")
    _, scores = ops.ctc_decode(logits, lengths)
    valid = np.arange(6)[None] < lengths[:, None]
    best = logits.astype("float32").max(-1)
    expected = -np.sum(np.where(valid, best, 0), axis=1, keepdims=True)
    testing.assert_close(scores, expected, rtol=1e-5, atol=1e-5)
    _, spec = ops.ctc_decode(testing.symbolic((2, 6, 4), dtype), lengths)
    testing.assert_spec(spec, (2, 1), "float32")


def test_one_hot_bool():
    x = np.array([[0, 2], [3, 1]], "int32")
    out = ops.one_hot(x, 4, dtype="bool")
    testing.assert_close(out, np.eye(4, dtype=bool)[x])
    spec = ops.one_hot(testing.symbolic((2, 2), "int32"), 4, dtype="bool")
    testing.assert_spec(spec, (2, 2, 4), "bool")


@pytest.mark.parametrize(
    "shape,output_size,expected",
    [
        ((2, 3, 10), 5, (2, 3, 5)),
        ((1, 3, 8, 6), (2, 4), (1, 3, 2, 4)),
        ((1, 2, 5, 6, 4), 2, (1, 2, 2, 2, 2)),
    ],
)
@pytest.mark.parametrize("name", ["adaptive_average_pool", "adaptive_max_pool"])
def test_adaptive_pool_channels_first_spec_matches_eager(
    name, shape, output_size, expected
):
    op = getattr(ops, name)
    x = testing.random_array(shape, "float32")
    eager = op(x, output_size, data_format="channels_first")
    assert tuple(eager.shape) == expected
    last = op(np.moveaxis(x, 1, -1), output_size, data_format="channels_last")
    testing.assert_close(eager, np.moveaxis(testing.to_numpy(last), -1, 1))
    spec = op(testing.symbolic(shape), output_size, data_format="channels_first")
    testing.assert_spec(spec, expected, "float32")


def test_categorical_crossentropy_axis_0_spec_matches_eager():
    target = np.eye(3, 4, dtype="float32")
    output = testing.random_array((3, 4), "float32", low=0.05, high=0.95)
    out = ops.categorical_crossentropy(target, output, axis=0)
    probabilities = output / output.sum(0, keepdims=True)
    expected = -np.sum(target * np.log(probabilities), axis=0)
    testing.assert_close(out, expected.astype("float32"), rtol=1e-5)
    spec = ops.categorical_crossentropy(
        testing.symbolic((3, 4)), testing.symbolic((3, 4)), axis=0
    )
    testing.assert_spec(spec, (4,), "float32")
