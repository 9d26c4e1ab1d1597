"""Gradients of the differentiable nn ops against finite differences.

Smooth ops are differenced through NumPy formulas in float64. Ops that are linear in
the input (convolutions, pooling windows, rearrangements) are differenced through the
op itself, whose values nn_test.py checks: for a linear map the central difference is
exact up to rounding, whatever the step.
"""

import itertools

import numpy as np
import pytest

from keras import ops
from keras.ops import testing

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(), reason="the active backend has no autodiff"
)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def assert_gradient(function, reference, x, eps=1e-3, rtol=1e-2, atol=1e-3):
    np.testing.assert_allclose(
        testing.gradient(function, x),
        testing.numeric_gradient(reference, x, eps=eps),
        rtol=rtol,
        atol=atol,
    )


def weighted(function, weights):
    """`function` times fixed `weights`, so that every output matters differently."""
    return lambda t: ops.multiply(function(t), weights)


def through_op(function):
    """A NumPy function evaluating the keras op (for ops linear in their input)."""
    return lambda v: testing.to_numpy(function(v.astype("float32"))).astype("float64")


# name -> (NumPy reference, keyword arguments); inputs avoid the kinks at 0, +-1, +-3.
SMOOTH_ACTIVATIONS = {
    "celu": (lambda x: np.where(x > 0, x, 1.5 * np.expm1(x / 1.5)), {"alpha": 1.5}),
    "elu": (lambda x: np.where(x > 0, x, 0.7 * np.expm1(x)), {"alpha": 0.7}),
    "gelu": (
        lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))),
        {},
    ),
    "hard_sigmoid": (lambda x: np.clip(x / 6 + 0.5, 0, 1), {}),
    "hard_silu": (lambda x: x * np.clip(x / 6 + 0.5, 0, 1), {}),
    "hard_shrink": (lambda x: np.where(np.abs(x) > 0.5, x, 0), {}),
    "hard_tanh": (lambda x: np.clip(x, -1, 1), {}),
    "leaky_relu": (lambda x: np.where(x > 0, x, 0.2 * x), {}),
    "log_sigmoid": (lambda x: np.log(_sigmoid(x)), {}),
    "relu": (lambda x: np.maximum(x, 0), {}),
    "relu6": (lambda x: np.clip(x, 0, 6), {}),
    "selu": (lambda x: 1.0507009873554805
             * np.where(x > 0, x, 1.6732632423543772 * np.expm1(x)), {}),
    "sigmoid": (_sigmoid, {}),
    "silu": (lambda x: x * _sigmoid(x), {}),
    "soft_shrink": (lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.5, 0), {}),
    "softplus": (lambda x: np.log1p(np.exp(x)), {}),
    "softsign": (lambda x: x / (1 + np.abs(x)), {}),
    "sparse_plus": (
        lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
        {},
    ),
    "sparse_sigmoid": (lambda x: np.clip((x + 1) / 2, 0, 1), {}),
    "squareplus": (lambda x: (x + np.sqrt(x**2 + 4)) / 2, {}),
    "tanh_shrink": (lambda x: x - np.tanh(x), {}),
    "threshold": (lambda x: np.where(x > 0.0, x, -1.0), {"threshold": 0.0,
                                                        "default_value": -1.0}),
}


def _away_from_kinks(shape, seed):
    x = testing.random_array(shape, seed=seed, low=-4, high=4).astype("float64")
    # Keep every value at least 0.1 away from the kinks of the piecewise activations.
    for kink in (-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0):
        near = np.abs(x - kink) < 0.1
        x[near] = kink + np.where(x[near] >= kink, 0.1, -0.1)
    return x.astype("float32")


@pytest.mark.parametrize("name", sorted(SMOOTH_ACTIVATIONS))
def test_activation_gradients(name):
    reference, kwargs = SMOOTH_ACTIVATIONS[name]
    x = _away_from_kinks((3, 4), seed=len(name))
    op = getattr(ops, name)
    assert_gradient(lambda t: op(t, **kwargs), reference, x)


@pytest.mark.parametrize("axis", [-1, 0, (0, 1)])
def test_softmax_gradients(axis):
    x = testing.random_array((3, 4), seed=1)
    weights = testing.random_array((3, 4), seed=2)
    # Weighted, since the plain sum of a softmax is constant.
    assert_gradient(weighted(lambda t: ops.softmax(t, axis=axis), weights),
                    lambda v: _softmax(v, axis) * weights, x)
    assert_gradient(weighted(lambda t: ops.log_softmax(t, axis=axis), weights),
                    lambda v: np.log(_softmax(v, axis)) * weights, x)


def test_sparsemax_and_glu_gradients():
    x = testing.random_array((2, 5), seed=3)
    weights = testing.random_array((2, 5), seed=4)

    def sparsemax(v):
        ordered = -np.sort(-v, axis=-1)
        cumulative = np.cumsum(ordered, axis=-1)
        k = np.arange(1, v.shape[-1] + 1)
        support = np.sum(1 + k * ordered > cumulative, axis=-1, keepdims=True)
        tau = (np.take_along_axis(cumulative, support - 1, axis=-1) - 1) / support
        return np.maximum(v - tau, 0) * weights

    assert_gradient(weighted(ops.sparsemax, weights), sparsemax, x)
    y = testing.random_array((3, 4), seed=5)
    assert_gradient(lambda t: ops.glu(t), lambda v: v[:, :2] * _sigmoid(v[:, 2:]), y)


def test_loss_gradients():
    target = testing.random_array((3, 4), seed=6, low=0, high=1)
    logits = testing.random_array((3, 4), seed=7)
    probabilities = testing.random_array((3, 4), seed=8, low=0.1, high=0.9)
    assert_gradient(
        lambda t: ops.binary_crossentropy(target, t, from_logits=True),
        lambda v: -(target * np.log(_sigmoid(v)) + (1 - target) * np.log(_sigmoid(-v))),
        logits,
    )
    assert_gradient(
        lambda t: ops.binary_crossentropy(target, t),
        lambda v: -(target * np.log(v) + (1 - target) * np.log(1 - v)),
        probabilities,
    )
    soft = _softmax(target.astype("float64"))
    assert_gradient(
        lambda t: ops.categorical_crossentropy(soft, t, from_logits=True),
        lambda v: -np.sum(soft * np.log(_softmax(v)), axis=-1),
        logits,
    )
    assert_gradient(
        lambda t: ops.categorical_crossentropy(soft, t),
        lambda v: -np.sum(soft * np.log(v / v.sum(-1, keepdims=True)), axis=-1),
        probabilities,
    )
    labels = np.array([0, 3, 1], "int32")
    assert_gradient(
        lambda t: ops.sparse_categorical_crossentropy(labels, t, from_logits=True),
        lambda v: -np.log(_softmax(v))[np.arange(3), labels],
        logits,
    )


def test_normalization_gradients():
    x = testing.random_array((3, 4), seed=9)
    weights = testing.random_array((3, 4), seed=10)
    gamma = testing.random_array((4,), seed=11)
    beta = testing.random_array((4,), seed=12)

    def layer_norm(v, epsilon=1e-7):
        centered = v - v.mean(-1, keepdims=True)
        return centered / np.sqrt(v.var(-1, keepdims=True) + epsilon) * gamma + beta

    assert_gradient(
        weighted(lambda t: ops.layer_normalization(t, gamma, beta), weights),
        lambda v: layer_norm(v) * weights,
        x,
    )
    normalized = (layer_norm(x.astype("float64")) - beta) / gamma
    assert_gradient(
        weighted(lambda t: ops.layer_normalization(x, t, beta), weights),
        lambda v: normalized * v * weights,
        gamma,
    )
    assert_gradient(
        weighted(lambda t: ops.rms_normalization(t, gamma), weights),
        lambda v: v / np.sqrt(np.mean(v**2, -1, keepdims=True) + 1e-7) * gamma
        * weights,
        x,
    )
    assert_gradient(
        weighted(ops.normalize, weights),
        lambda v: v / np.linalg.norm(v, axis=-1, keepdims=True) * weights,
        x,
    )
    mean = testing.random_array((4,), seed=13)
    variance = testing.random_array((4,), seed=14, low=0.5, high=2)
    assert_gradient(
        lambda t: ops.batch_normalization(t, mean, variance, -1, beta, gamma),
        lambda v: (v - mean) / np.sqrt(variance + 1e-3) * gamma + beta,
        x,
    )
    assert_gradient(
        lambda t: ops.batch_normalization(x, mean, t, -1),
        lambda v: (x - mean) / np.sqrt(v + 1e-3),
        variance,
    )

    def moments(t):
        mean, variance = ops.moments(t, [0])
        return mean + 2.0 * variance

    assert_gradient(moments, lambda v: v.mean(0) + 2 * v.var(0), x)


def test_psnr_gradient():
    x1 = testing.random_array((4, 4), seed=15, low=0, high=1)
    x2 = testing.random_array((4, 4), seed=16, low=0, high=1)
    assert_gradient(
        lambda t: ops.psnr(t, x2, 1.0),
        lambda v: -10 * np.log10(np.mean((v - x2) ** 2)),
        x1,
        rtol=2e-2,
    )


def _attention(q, k, v, scale, causal):
    logits = np.einsum("btnh,bsnh->bnts", q, k) * scale
    if causal:
        logits = np.where(np.tril(np.ones(logits.shape[-2:], bool)), logits, -1e9)
    return np.einsum("bnts,bsnh->btnh", _softmax(logits), v)


@pytest.mark.parametrize("causal", [False, True])
def test_dot_product_attention_gradients(causal):
    q = testing.random_array((1, 3, 2, 4), seed=17)
    k = testing.random_array((1, 3, 2, 4), seed=18)
    v = testing.random_array((1, 3, 2, 4), seed=19)
    weights = testing.random_array((1, 3, 2, 4), seed=20)
    scale = 0.5

    def attend(query, key, value):
        return ops.dot_product_attention(
            query, key, value, scale=scale, is_causal=causal
        )

    assert_gradient(weighted(lambda t: attend(t, k, v), weights),
                    lambda a: _attention(a, k, v, scale, causal) * weights, q)
    assert_gradient(weighted(lambda t: attend(q, t, v), weights),
                    lambda a: _attention(q, a, v, scale, causal) * weights, k)
    assert_gradient(weighted(lambda t: attend(q, k, t), weights),
                    lambda a: _attention(q, k, a, scale, causal) * weights, v)


# Ops linear in their input: differenced through the op, with weights so that every
# output position matters differently.


LINEAR_CASES = {
    "conv_same_strided": (
        (1, 6, 5, 2),
        lambda t, k: ops.conv(t, k, strides=2, padding="same"),
        (3, 3, 2, 4),
    ),
    "conv_grouped_dilated": (
        (1, 7, 4),
        lambda t, k: ops.conv(t, k, dilation_rate=2, data_format="channels_last"),
        (2, 2, 6),
    ),
    "conv_channels_first_3d": (
        (1, 2, 4, 3, 4),
        lambda t, k: ops.conv(t, k, padding="same", data_format="channels_first"),
        (2, 2, 2, 2, 3),
    ),
    "depthwise_conv": (
        (1, 5, 5, 3),
        lambda t, k: ops.depthwise_conv(t, k, padding="same"),
        (3, 3, 3, 2),
    ),
    "conv_transpose": (
        (1, 4, 3, 2),
        lambda t, k: ops.conv_transpose(t, k, strides=2, padding="same"),
        (3, 3, 3, 2),
    ),
    "conv_transpose_output_padding": (
        (1, 4, 2),
        lambda t, k: ops.conv_transpose(t, k, strides=2, output_padding=1),
        (3, 3, 2),
    ),
}


@pytest.mark.parametrize("case", sorted(LINEAR_CASES))
def test_convolution_gradients(case):
    shape, function, kernel_shape = LINEAR_CASES[case]
    x = testing.random_array(shape, seed=21)
    kernel = testing.random_array(kernel_shape, seed=22)
    out_shape = testing.to_numpy(function(x, kernel)).shape
    weights = testing.random_array(out_shape, seed=23)
    by_input = weighted(lambda t: function(t, kernel), weights)
    assert_gradient(by_input, through_op(by_input), x, eps=0.5)
    by_kernel = weighted(lambda t: function(x, t), weights)
    assert_gradient(by_kernel, through_op(by_kernel), kernel, eps=0.5)


def test_separable_conv_gradients():
    x = testing.random_array((1, 5, 4, 2), seed=24)
    depthwise = testing.random_array((2, 2, 2, 2), seed=25)
    pointwise = testing.random_array((1, 1, 4, 3), seed=26)

    def function(t):
        return ops.separable_conv(t, depthwise, pointwise, padding="same")

    weights = testing.random_array(testing.to_numpy(function(x)).shape, seed=27)
    function = weighted(function, weights)
    assert_gradient(function, through_op(function), x, eps=0.5)


def _distinct(shape, seed):
    """Values at least 0.1 apart, so small steps never change a max pooling winner."""
    values = np.random.default_rng(seed).permutation(int(np.prod(shape))) * 0.1
    return values.reshape(shape).astype("float32")


POOLING_CASES = {
    "max_pool_same": lambda t: ops.max_pool(t, 3, strides=2, padding="same"),
    "max_pool_channels_first": lambda t: ops.max_pool(
        t, 2, data_format="channels_first"
    ),
    "average_pool_same": lambda t: ops.average_pool(t, 3, strides=2, padding="same"),
    "average_pool_1d": lambda t: ops.average_pool(t[:, 0], 2),
    "adaptive_average_pool": lambda t: ops.adaptive_average_pool(t, (2, 3)),
    "adaptive_max_pool": lambda t: ops.adaptive_max_pool(t, (3, 2)),
    "depth_to_space": lambda t: ops.depth_to_space(t[:, :2, :2], 2),
    "space_to_depth": lambda t: ops.space_to_depth(t[:, :4, :4], 2),
    "unfold": lambda t: ops.unfold(t, 2, padding=1, stride=(1, 2)),
}


@pytest.mark.parametrize("case", sorted(POOLING_CASES))
def test_pooling_and_rearrangement_gradients(case):
    function = POOLING_CASES[case]
    x = _distinct((1, 5, 5, 4), seed=28)
    weights = testing.random_array(testing.to_numpy(function(x)).shape, seed=29)
    function = weighted(function, weights)
    assert_gradient(function, through_op(function), x, eps=0.01)


def test_fold_gradient():
    x = testing.random_array((1, 8, 12), seed=30)

    def function(t):
        return ops.fold(t, (4, 5), 2, padding=(1, 0), stride=(2, 1))

    weights = testing.random_array(testing.to_numpy(function(x)).shape, seed=31)
    function = weighted(function, weights)
    assert_gradient(function, through_op(function), x, eps=0.5)


def _ctc_loss(labels, logits):
    """-log P(labels | logits) summed over every alignment (blank 0; tiny inputs)."""
    log_p = np.log(_softmax(logits))
    total = 0.0
    for path in itertools.product(range(logits.shape[-1]), repeat=logits.shape[0]):
        collapsed = [c for i, c in enumerate(path) if i == 0 or c != path[i - 1]]
        if [c for c in collapsed if c != 0] == labels:
            total += np.exp(sum(log_p[t, c] for t, c in enumerate(path)))
    return -np.log(total)


def test_ctc_loss_gradient():
    logits = testing.random_array((2, 4, 3), seed=32)
    target = np.array([[1, 2], [2, 2]], "int32")
    target_length = np.array([2, 2], "int32")
    output_length = np.array([4, 4], "int32")
    assert_gradient(
        lambda t: ops.ctc_loss(target, t, target_length, output_length),
        lambda v: np.array([_ctc_loss([1, 2], v[0]), _ctc_loss([2, 2], v[1])]),
        logits,
    )
