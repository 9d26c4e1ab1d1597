"""openvino backend: the nn ops (see keras/ops/nn.py for their contract).

Every op builds OpenVINO graph nodes (opset14). The arguments arrive checked and in
canonical form from keras.ops.nn. OpenVINO's convolutions and pooling are
channels-first: channels-last inputs are transposed in and out. Inside, the helpers
work on `openvino.Output`s (abbreviated `o`) and the public functions wrap the result.
"""

import functools
import math

import numpy as np
import openvino as ov
from openvino import opset14 as ov_opset

from keras.backends.common import backend_utils
from keras.backends.common import config
from keras.backends.common import dtypes
from keras.backends.common import nn_utils
from keras.backends.common import registry
from keras.backends.openvino import core
from keras.backends.openvino import unsupported

# Our fused kernels (registered at the end of this module, as OpenVINO operations) run
# first; the compositions below compute what they decline.
_KERNELS = registry.for_backend("openvino")

_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805
_HALF = ("float16", "bfloat16")
# The logit of a masked position: far below any real one, yet finite, so that a query
# with no key left gets equal weights rather than NaN.
_LARGE_NEGATIVE = -0.7 * float(np.finfo(np.float32).max)

_tensor = core._tensor
_wrap = core._wrap
_tuple = backend_utils.to_tuple
_format = backend_utils.standardize_data_format
_floats = functools.partial(
    backend_utils.floats, convert_to_tensor=core.convert_to_tensor
)


# Graph helpers on openvino Outputs.


def _constant(array):
    """A Constant output of the NumPy `array`, 0-d arrays kept 0-d (core._constant
    makes them 1-d through np.ascontiguousarray)."""
    array = np.asarray(array)
    if array.ndim or array.dtype == dtypes.numpy_dtype("bfloat16"):
        return core._constant(array)
    return ov_opset.constant(array).output(0)


def _i64(values):
    """An int64 constant (axes, shapes, indices) of the shape of `values`."""
    return _constant(np.asarray(values, np.int64))


def _dtype(o):
    return core._keras_dtype(o.get_element_type())


def _shape(o):
    return tuple(d.get_length() for d in o.get_partial_shape())


def _like(value, o):
    """`value` as an Output: a constant of `o`'s dtype unless it is one already."""
    if isinstance(value, ov.Output):
        return value
    return _constant(np.asarray(value, dtypes.numpy_dtype(_dtype(o))))


def _binary(function):
    def op(a, b):
        if not isinstance(a, ov.Output):
            a = _like(a, b)
        return function(a, _like(b, a)).output(0)

    return op


_add = _binary(ov_opset.add)
_sub = _binary(ov_opset.subtract)
_mul = _binary(ov_opset.multiply)
_div = _binary(ov_opset.divide)
_max = _binary(ov_opset.maximum)
_min = _binary(ov_opset.minimum)
_pow = _binary(ov_opset.power)
_gt = _binary(ov_opset.greater)
_ge = _binary(ov_opset.greater_equal)
_lt = _binary(ov_opset.less)
_le = _binary(ov_opset.less_equal)
_eq = _binary(ov_opset.equal)


def _unary(function):
    return lambda o: function(o).output(0)


_exp = _unary(ov_opset.exp)
_log = _unary(ov_opset.log)
_abs = _unary(ov_opset.abs)
_neg = _unary(ov_opset.negative)
_sqrt = _unary(ov_opset.sqrt)
_tanh = _unary(ov_opset.tanh)
_sigmoid = _unary(ov_opset.sigmoid)
_sigmoid.__name__ = "_sigmoid"


def _where(condition, a, b):
    if not isinstance(a, ov.Output):
        a = _like(a, b)
    return ov_opset.select(condition, a, _like(b, a)).output(0)


def _clip(o, low, high):
    return _min(_max(o, low), high)


def _convert(o, dtype):
    target = core._ov_type(dtype)
    if o.get_element_type() == target:
        return o
    return ov_opset.convert(o, target).output(0)


def _compute(o):
    """`o` in the dtype it is computed in: halves widen to float32."""
    return _convert(o, "float32") if _dtype(o) in _HALF else o


def _axes_list(axis, ndim):
    return [a % ndim for a in ((axis,) if isinstance(axis, int) else axis)]


def _reduce(function, o, axis, keepdims=True):
    axes = _axes_list(axis, len(_shape(o)))
    return function(o, _i64(axes), keepdims).output(0)


def _transpose(o, order):
    return ov_opset.transpose(o, _i64(list(order))).output(0)


def _reshape(o, shape):
    return ov_opset.reshape(o, _i64(list(shape)), True).output(0)


def _moveaxis(o, source, destination):
    ndim = len(_shape(o))
    source, destination = source % ndim, destination % ndim
    if source == destination:
        return o
    order = [a for a in range(ndim) if a != source]
    order.insert(destination, source)
    return _transpose(o, order)


def _log1p(o):
    # log(1 + u) * u / ((1 + u) - 1) cancels the rounding of 1 + u (Goldberg); where
    # 1 + u rounds to 1, log1p(u) is u. Used for u in [0, 1].
    u = _add(o, 1)
    d = _sub(u, 1)
    return _where(_eq(d, 0), o, _div(_mul(_log(u), o), d))


def _expm1(o):
    # (e - 1) * u / log(e) with e = exp(u) cancels the rounding of exp (Kahan); where e
    # rounds to 1, expm1(u) is u. Used for u <= 0 (so e is finite).
    e = _exp(o)
    d = _sub(e, 1)
    return _where(_eq(d, 0), o, _where(_eq(d, -1), -1, _div(_mul(d, o), _log(e))))


def _softplus(o):
    # max(x, 0) + log1p(exp(-|x|)): no overflow, exact for large |x|.
    return _add(_max(o, 0), _log1p(_exp(_neg(_abs(o)))))


def _float(x):
    """`x` as a tensor of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if dtypes.is_float_dtype(x.dtype):
        return x
    return core.cast(x, backend_utils.float_dtype(x.dtype))


def _float_op(function):
    """An activation computing `function(o)` in the floating dtype of `x`."""

    def op(x, *args, **kwargs):
        return _wrap(function(_float(x).output, *args, **kwargs))

    op.__name__ = function.__name__.lstrip("_")
    return op


# Activations.


def _relu_like(x, high=None):
    x = _tensor(x)
    if x.dtype == "bool":
        x = _float(x)
    o = x.output
    if not x.dtype.startswith("uint"):  # unsigned values are never negative
        o = _max(o, 0)
    if high is not None:
        o = _min(o, high)
    return _wrap(o)


def relu(x):
    return _relu_like(x)


def relu6(x):
    return _relu_like(x, 6)


sigmoid = _float_op(_sigmoid)


@_float_op
def sparse_sigmoid(o):
    return _clip(_mul(_add(o, 1), 0.5), 0, 1)


softplus = _float_op(_softplus)


@_float_op
def softsign(o):
    return _div(o, _add(_abs(o), 1))


@_float_op
def soft_shrink(o, threshold=0.5):
    inner = _where(_lt(o, -threshold), _add(o, threshold), 0)
    return _where(_gt(o, threshold), _sub(o, threshold), inner)


@_float_op
def sparse_plus(o):
    middle = _mul(_mul(_add(o, 1), _add(o, 1)), 0.25)
    return _where(_le(o, -1), 0, _where(_ge(o, 1), o, middle))


@_float_op
def silu(o):
    return _mul(o, _sigmoid(o))


@_float_op
def squareplus(o, b=4):
    return _mul(_add(o, _sqrt(_add(_mul(o, o), b))), 0.5)


@_float_op
def log_sigmoid(o):
    return _neg(_softplus(_neg(o)))


@_float_op
def leaky_relu(o, negative_slope=0.2):
    return _where(_ge(o, 0), o, _mul(o, negative_slope))


def _hard_sigmoid(o):
    return _div(_clip(_add(o, 3), 0, 6), 6)


hard_sigmoid = _float_op(_hard_sigmoid)


@_float_op
def hard_silu(o):
    return _mul(o, _hard_sigmoid(o))


def _elu(o, alpha):
    return _where(_gt(o, 0), o, _mul(_expm1(_min(o, 0)), alpha))


@_float_op
def elu(o, alpha=1.0):
    return _elu(o, alpha)


@_float_op
def selu(o):
    return _mul(_elu(o, _SELU_ALPHA), _SELU_SCALE)


@_float_op
def gelu(o, approximate=True):
    mode = "tanh" if approximate else "erf"
    return ov_opset.gelu(o, mode).output(0)


@_float_op
def celu(o, alpha=1.0):
    negative = _mul(_expm1(_div(_min(o, 0), alpha)), alpha)
    return _add(_max(o, 0), negative)


@_float_op
def glu(o, axis=-1):
    a, b = ov_opset.split(o, _i64(axis), 2).outputs()
    return _mul(a, _sigmoid(b))


@_float_op
def tanh_shrink(o):
    return _sub(o, _tanh(o))


@_float_op
def hard_tanh(o):
    return _clip(o, -1, 1)


@_float_op
def hard_shrink(o, threshold=0.5):
    return _where(_gt(_abs(o), threshold), o, 0)


@_float_op
def threshold(o, threshold, default_value):
    return _where(_gt(o, threshold), o, default_value)


def _log_softmax(o, axis):
    if isinstance(axis, int):
        return ov_opset.log_softmax(o, axis).output(0)
    shifted = _sub(o, _reduce(ov_opset.reduce_max, o, axis))
    return _sub(shifted, _log(_reduce(ov_opset.reduce_sum, _exp(shifted), axis)))


def softmax(x, axis=-1):
    x = _float(x)
    if x.size == 0:
        return x
    o = x.output
    if isinstance(axis, int):
        return _wrap(ov_opset.softmax(o, axis))
    exp = _exp(_sub(o, _reduce(ov_opset.reduce_max, o, axis)))
    return _wrap(_div(exp, _reduce(ov_opset.reduce_sum, exp, axis)))


def log_softmax(x, axis=-1):
    x = _float(x)
    if x.size == 0:
        return x
    return _wrap(_log_softmax(x.output, axis))


def sparsemax(x, axis=-1):
    x = _float(x)
    if x.size == 0:
        return x
    # Computed in float32 at least: the support count must be exact on long axes.
    moved = _moveaxis(_compute(x.output), axis, -1)
    n = _shape(moved)[-1]
    ordered = ov_opset.topk(moved, _i64(n), -1, "max", "value").output(0)
    cumulative = ov_opset.cumsum(ordered, _i64(-1)).output(0)
    k = _like(np.arange(1, n + 1), moved)
    inside = _convert(_gt(_add(_mul(k, ordered), 1), cumulative), _dtype(moved))
    support = _reduce(ov_opset.reduce_sum, inside, -1)
    last = _convert(_sub(support, 1), "int64")
    picked = ov_opset.gather_elements(cumulative, last, -1).output(0)
    tau = _div(_sub(picked, 1), support)
    result = _max(_sub(moved, tau), 0)
    return _wrap(_convert(_moveaxis(result, -1, axis), x.dtype))


# Losses.


def binary_crossentropy(target, output, from_logits=False):
    target, output = _floats(target, output)
    t, o = target.output, output.output
    if from_logits:
        # -t log(sigmoid(o)) - (1 - t) log(sigmoid(-o)), without overflow.
        linear = _sub(_max(o, 0), _mul(o, t))
        return _wrap(_add(linear, _log1p(_exp(_neg(_abs(o))))))
    epsilon = config.epsilon()
    o = _clip(o, epsilon, 1 - epsilon)
    positive = _mul(t, _log(o))
    negative = _mul(_sub(1, t), _log(_sub(1, o)))
    return _wrap(_neg(_add(positive, negative)))


def _log_probabilities(o, from_logits, axis):
    if from_logits:
        return _log_softmax(o, axis)
    epsilon = config.epsilon()
    o = _div(o, _reduce(ov_opset.reduce_sum, o, axis))
    return _log(_clip(o, epsilon, 1 - epsilon))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _floats(target, output)
    log_probabilities = _log_probabilities(output.output, from_logits, axis)
    product = _mul(target.output, log_probabilities)
    return _wrap(_neg(_reduce(ov_opset.reduce_sum, product, axis, keepdims=False)))


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = _float(output)
    target = _tensor(target)
    t = target.output
    if target.ndim == output.ndim and target.shape[-1] == 1:
        t = ov_opset.squeeze(t, _i64([-1])).output(0)
    classes = output.shape[-1]
    t = _convert(t, "int64")
    valid = ov_opset.logical_and(_ge(t, 0), _lt(t, classes)).output(0)
    index = _clip(t, 0, max(classes - 1, 0))
    log_probabilities = _log_probabilities(output.output, from_logits, -1)
    index = ov_opset.unsqueeze(index, _i64([-1])).output(0)
    picked = ov_opset.gather_elements(log_probabilities, index, -1).output(0)
    picked = ov_opset.squeeze(picked, _i64([-1])).output(0)
    return _wrap(_neg(_where(valid, picked, 0)))


# One-hot encodings.


def _encode(x, num_classes):
    """(..., num_classes) bool: where `x` equals each class (out of range: none)."""
    o = _tensor(x).output
    if _dtype(o) == "bool":
        o = _convert(o, "int32")
    classes = _like(np.arange(num_classes), o)
    return _eq(ov_opset.unsqueeze(o, _i64([-1])).output(0), classes)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    if sparse:
        raise ValueError("`sparse=True` is not supported by the openvino backend.")
    encoded = _convert(_encode(x, num_classes), dtype or config.floatx())
    return _wrap(_moveaxis(encoded, -1, axis))


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False):
    if sparse:
        raise ValueError("`sparse=True` is not supported by the openvino backend.")
    inputs = _tensor(inputs)
    encoded = _encode(inputs, num_classes)
    reduced = ov_opset.reduce_logical_or(
        encoded, _i64(1 if inputs.ndim > 1 else 0), False
    ).output(0)
    encoded = _convert(reduced, dtype or config.floatx())
    return _wrap(_moveaxis(encoded, -1, axis))


# Statistics and normalizations.


def moments(x, axes, keepdims=False, synchronized=False):
    x = _float(x)
    reduced = _axes_list(axes, x.ndim)
    if x.size == 0:
        # Statistics of no values are NaN (as NumPy's mean); empty where other axes are.
        shape = backend_utils.kept_shape(x.shape, reduced, keepdims)
        nan = _wrap(_constant(np.full(shape, np.nan, dtypes.numpy_dtype(x.dtype))))
        return nan, nan
    values = _compute(x.output)
    mean = _reduce(ov_opset.reduce_mean, values, axes)
    deviation = _sub(values, mean)
    variance = _reduce(ov_opset.reduce_mean, _mul(deviation, deviation), axes, keepdims)
    if not keepdims:
        mean = _reduce(ov_opset.reduce_mean, values, axes, keepdims=False)
    return _wrap(_convert(mean, x.dtype)), _wrap(_convert(variance, x.dtype))


def _rsqrt(o):
    return _div(1, _sqrt(o))


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    x = _float(x)
    shape = [1] * x.ndim
    shape[axis] = -1

    def vector(value):
        # A (features,) statistic, broadcast along `axis` of `x`.
        return _reshape(core.convert_to_tensor(value, x.dtype).output, shape)

    result = _mul(_sub(x.output, vector(mean)), _rsqrt(_add(vector(variance), epsilon)))
    if scale is not None:
        result = _mul(result, vector(scale))
    if offset is not None:
        result = _add(result, vector(offset))
    return _wrap(result)


def _parameter(value, like, shape=None):
    """A scale or offset in the compute dtype of `like`, reshaped to `shape`."""
    o = _convert(_float(value).output, _dtype(like))
    return o if shape is None else _reshape(o, shape)


def _rms_scaled(values, axis, epsilon):
    mean_square = _reduce(ov_opset.reduce_mean, _mul(values, values), axis)
    return _mul(values, _rsqrt(_add(mean_square, epsilon)))


@_KERNELS.consulted_by("nn.layer_normalization")
def layer_normalization(
    x, gamma=None, beta=None, axis=-1, epsilon=None, rms_scaling=False
):
    x = _float(x)
    if x.size == 0:
        return x  # MVN crashes on empty inputs; there is nothing to normalize
    epsilon = config.epsilon() if epsilon is None else epsilon
    values = _compute(x.output)
    shape = nn_utils.broadcast_shape(x.shape, axis)
    if rms_scaling:
        result = _rms_scaled(values, axis, epsilon)
    else:
        # MVN: (x - mean) / sqrt(variance + epsilon) over `axis`.
        axes = _i64(_axes_list(axis, x.ndim))
        result = ov_opset.mvn(values, axes, True, epsilon, "inside_sqrt").output(0)
    if gamma is not None:
        result = _mul(result, _parameter(gamma, values, shape))
    if beta is not None and not rms_scaling:
        result = _add(result, _parameter(beta, values, shape))
    return _wrap(_convert(result, x.dtype))


@_KERNELS.consulted_by("nn.rms_normalization")
def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    x = _float(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    values = _compute(x.output)
    result = _rms_scaled(values, axis, epsilon)
    if scale is not None:
        result = _mul(result, _parameter(scale, values))
    return _wrap(_convert(result, x.dtype))


def normalize(x, axis=-1, order=2, epsilon=None):
    x = _float(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    o = x.output
    if order == 2:
        square_sum = _reduce(ov_opset.reduce_sum, _mul(o, o), axis)
        return _wrap(_div(o, _sqrt(_max(square_sum, epsilon))))
    if order == math.inf:
        norm = _reduce(ov_opset.reduce_max, _abs(o), axis)
    else:
        total = _reduce(ov_opset.reduce_sum, _pow(_abs(o), order), axis)
        norm = _pow(total, 1 / order)
    return _wrap(_div(o, _max(norm, epsilon)))


def psnr(x1, x2, max_val):
    x1, x2 = _floats(x1, x2)
    difference = _sub(x1.output, x2.output)
    squares = _mul(difference, difference)
    every_axis = tuple(range(len(_shape(squares))))
    mse = _reduce(ov_opset.reduce_mean, squares, every_axis, keepdims=False)
    log10_mse = _div(_log(mse), math.log(10))
    return _wrap(_sub(20 * math.log10(max_val), _mul(log10_mse, 10)))


# OpenVINO has no complex element type.
polar = unsupported.stub("nn.polar")


# Attention.


def _repeat_heads(o, repeats):
    """(B, S, K, H) -> (B, S, K * repeats, H), each head repeated in place."""
    if repeats == 1:
        return o
    b, s, k, h = _shape(o)
    spread = ov_opset.unsqueeze(o, _i64([3])).output(0)
    spread = ov_opset.broadcast(spread, _i64([b, s, k, repeats, h])).output(0)
    return _reshape(spread, [b, s, k * repeats, h])


def _attend(query, key, value, repeats, scale, bias, mask, is_causal, soft_cap):
    """The attention of nn_utils.make_dot_product_attention, as OpenVINO operations."""
    dtype = query.dtype
    if not (query.size and key.size):
        # Nothing to attend (OpenVINO's attention crashes on empty inputs): no query,
        # or no key, whose empty weighted sum is 0.
        return _wrap(_constant(np.zeros(query.shape, dtypes.numpy_dtype(dtype))))

    def heads_first(o):  # (B, T, N, H) -> (B, N, T, H), in float32
        return _transpose(_convert(o, "float32"), (0, 2, 1, 3))

    q = heads_first(query.output)
    k = heads_first(_repeat_heads(key.output, repeats))
    v = heads_first(_repeat_heads(value.output, repeats))
    t, s = query.shape[1], key.shape[1]
    keep = None
    if is_causal:
        keep = _constant(np.tril(np.ones((t, s), bool)))
    if mask is not None:
        given = _convert(_tensor(mask).output, "bool")
        keep = given if keep is None else ov_opset.logical_and(keep, given).output(0)
    additive = None if bias is None else _convert(_tensor(bias).output, "float32")
    if soft_cap is None:
        # OpenVINO's fused attention takes the bias and mask as one additive term.
        if keep is not None:
            base = additive if additive is not None else _like(0.0, q)
            additive = _where(keep, base, _LARGE_NEGATIVE)
        scale = _like(scale, q)
        if additive is None:
            # A full (1, 1, T, S) zero term: with the 0-d default the CPU plugin
            # crashed compiling the operation on graph inputs (OpenVINO 2026.4).
            additive = _constant(np.zeros((1, 1, t, s), "float32"))
        result = ov_opset.scaled_dot_product_attention(q, k, v, additive, scale)
        result = result.output(0)
    else:
        cap = soft_cap
        logits = ov_opset.matmul(_mul(q, scale), k, False, True).output(0)
        logits = _mul(_tanh(_div(logits, cap)), cap)
        if additive is not None:
            logits = _add(logits, additive)
        if keep is not None:
            logits = _where(keep, logits, _LARGE_NEGATIVE)
        weights = ov_opset.softmax(logits, -1).output(0)
        result = ov_opset.matmul(weights, v, False, False).output(0)
    return _wrap(_convert(_transpose(result, (0, 2, 1, 3)), dtype))


dot_product_attention = nn_utils.make_dot_product_attention(_KERNELS, _floats, _attend)


# Pooling and convolutions (channels-first inside).


def _to_channels_first(o, data_format):
    return _moveaxis(o, -1, 1) if data_format == "channels_last" else o


def _from_channels_first(o, data_format):
    return _moveaxis(o, 1, -1) if data_format == "channels_last" else o


def _pool(inputs, pool_size, strides, padding, data_format, average):
    data_format = _format(data_format)
    x = _float(inputs)
    o = _to_channels_first(x.output, data_format)
    n = x.ndim - 2
    pool_size, strides = _tuple(pool_size, n), _tuple(strides or pool_size, n)
    pads = backend_utils.conv_padding(_shape(o)[2:], pool_size, strides, padding)
    begin, end = [p[0] for p in pads], [p[1] for p in pads]
    shape = _shape(o)
    if not shape[0] or not shape[1]:
        # OpenVINO's pooling rejects an empty batch (or no channels): the result is
        # empty too, of the shape the windows give.
        spatial = [
            (size + left + right - k) // s + 1
            for size, (left, right), k, s in zip(shape[2:], pads, pool_size, strides)
        ]
        empty = np.zeros((*shape[:2], *spatial), dtypes.numpy_dtype(x.dtype))
        return _wrap(_from_channels_first(_constant(empty), data_format))
    if average:
        # exclude_pad: the padded positions are left out of each average.
        pooled = ov_opset.avg_pool(
            _compute(o), strides, begin, end, pool_size, True, "floor", "explicit"
        ).output(0)
        pooled = _convert(pooled, x.dtype)
    else:
        pooled = ov_opset.max_pool(
            o, strides, [1] * n, begin, end, pool_size, "floor", "explicit", "i32"
        ).output(0)
    return _wrap(_from_channels_first(pooled, data_format))


max_pool, average_pool = nn_utils.make_pools(_pool)


def _adaptive_pool(inputs, output_size, data_format, average):
    data_format = _format(data_format)
    x = _float(inputs)
    o = _to_channels_first(_compute(x.output), data_format)
    sizes = _i64(list(_tuple(output_size, x.ndim - 2)))
    if average:
        pooled = ov_opset.adaptive_avg_pool(o, sizes).output(0)
    else:
        # The CPU plugin has no int64 indices (the second output, unused).
        pooled = ov_opset.adaptive_max_pool(o, sizes, "i32").output(0)
    return _wrap(_from_channels_first(_convert(pooled, x.dtype), data_format))


def adaptive_average_pool(inputs, output_size, data_format=None):
    return _adaptive_pool(inputs, output_size, data_format, True)


def adaptive_max_pool(inputs, output_size, data_format=None):
    return _adaptive_pool(inputs, output_size, data_format, False)


def _correlate(o, kernel, strides, pads, dilation):
    """Grouped correlation of channels-first `o` with a (k..., in/g, out) kernel."""
    n = len(strides)
    window = _shape(kernel)[:n]
    group_in, out = _shape(kernel)[-2:]
    groups = _shape(o)[1] // group_in
    weights = _transpose(kernel, (n + 1, n, *range(n)))  # (out, in/groups, k...)
    begin, end = [p[0] for p in pads], [p[1] for p in pads]
    if groups == 1:
        return ov_opset.convolution(
            o, weights, list(strides), begin, end, list(dilation)
        ).output(0)
    weights = _reshape(weights, [groups, out // groups, group_in, *window])
    return ov_opset.group_convolution(
        o, weights, list(strides), begin, end, list(dilation)
    ).output(0)


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    data_format = _format(data_format)
    inputs, kernel = _floats(inputs, kernel)
    o = _to_channels_first(_compute(inputs.output), data_format)
    n = inputs.ndim - 2
    strides, dilation = _tuple(strides, n), _tuple(dilation_rate, n)
    window = kernel.shape[:n]
    pads = backend_utils.conv_padding(_shape(o)[2:], window, strides, padding, dilation)
    result = _correlate(o, _compute(kernel.output), strides, pads, dilation)
    return _wrap(_from_channels_first(_convert(result, inputs.dtype), data_format))


def depthwise_conv(
    inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1
):
    kernel = _tensor(kernel)
    shape = backend_utils.depthwise_kernel_shape(kernel.shape)
    grouped = _reshape(kernel.output, shape)
    return conv(inputs, _wrap(grouped), strides, padding, data_format, dilation_rate)


separable_conv = backend_utils.make_separable_conv(depthwise_conv, conv)


def _conv_transpose(x, kernel, strides, padding, output_padding, dilation):
    """Transposed convolution of channels-first `x` with a (k..., out, in) kernel."""
    n = x.ndim - 2
    o, k = _compute(x.output), _compute(kernel.output)
    weights = _transpose(k, (n + 1, n, *range(n)))  # (in, out, k...)
    zeros = [0] * n
    full = ov_opset.convolution_backprop_data(
        o, weights, list(strides), None, zeros, zeros, list(dilation)
    ).output(0)
    # The window of the full result that the padding selects: it starts `effective -
    # 1 - left` in; Pad crops where its pads are negative and adds zeros past the end.
    begin, end = [0, 0], [0, 0]
    for axis, (size, window, s, p, d) in enumerate(
        zip(x.shape[2:], kernel.shape[:n], strides, output_padding, dilation), start=2
    ):
        left, right = backend_utils.transpose_padding(window, s, padding, p, d)
        effective = (window - 1) * d + 1
        start = effective - 1 - left
        length = (size - 1) * s + 1 + left + right - effective + 1
        begin.append(-start)
        end.append(start + length - _shape(full)[axis])
    if any(begin) or any(end):
        full = ov_opset.pad(full, _i64(begin), _i64(end), "constant").output(0)
    return _wrap(_convert(full, x.dtype))


def _to_layout(x, data_format):
    return _wrap(_to_channels_first(x.output, data_format))


def _from_layout(x, data_format):
    return _wrap(_from_channels_first(x.output, data_format))


conv_transpose = backend_utils.make_conv_transpose_of(
    _conv_transpose, _floats, _to_layout, _from_layout
)


# Rearrangements.


def _rearrange(x, split, order, shape):
    return _wrap(_reshape(_transpose(_reshape(x.output, split), order), shape))


depth_to_space, space_to_depth = nn_utils.make_rearrangements(_tensor, _rearrange)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    x = _tensor(x)
    pads, slices, patches = backend_utils.unfold_plan(
        x.shape[2:], kernel_size, dilation, padding, stride
    )
    o = x.output
    if any(p for pair in pads for p in pair):
        begin, end = [p[0] for p in pads], [p[1] for p in pads]
        o = ov_opset.pad(o, _i64(begin), _i64(end), "constant").output(0)
    taps = []
    for rows, cols in slices:
        tap = ov_opset.slice(
            o,
            _i64([rows.start, cols.start]),
            _i64([rows.stop, cols.stop]),
            _i64([rows.step, cols.step]),
            _i64([2, 3]),
        ).output(0)
        taps.append(ov_opset.unsqueeze(tap, _i64([2])).output(0))
    stacked = ov_opset.concat(taps, 2).output(0)
    # (batch, channels, taps, rows, cols) -> (batch, channels * taps, patches)
    return _wrap(_reshape(stacked, [x.shape[0], -1, patches]))


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    x = _tensor(x)
    slices, counts, padded_size, crop = backend_utils.fold_plan(
        output_size, kernel_size, dilation, padding, stride
    )
    n, channels = x.shape[0], x.shape[1] // len(slices)
    height, width = padded_size
    # Where each (tap, row, col) entry of a patch lands in the flat padded image: a
    # static table, so one scatter-add sums all the overlapping patches.
    positions = []
    for rows, cols in slices:
        r = np.arange(counts[0]) * rows.step + rows.start
        c = np.arange(counts[1]) * cols.step + cols.start
        positions.append((r[:, None] * width + c[None, :]).ravel())
    positions = np.concatenate(positions)
    updates = _reshape(x.output, [n, channels, positions.size])
    indices = ov_opset.broadcast(_i64(positions), _i64([n, channels, positions.size]))
    zeros = ov_opset.broadcast(_like(0, x.output), _i64([n, channels, height * width]))
    summed = ov_opset.scatter_elements_update(
        zeros, indices, updates, _i64(2), "sum", True
    ).output(0)
    image = _reshape(summed, [n, channels, height, width])
    rows, cols = crop[2], crop[3]
    cropped = ov_opset.slice(
        image, _i64([rows.start, cols.start]), _i64([rows.stop, cols.stop]),
        _i64([1, 1]), _i64([2, 3]),
    )
    return _wrap(cropped)


# Connectionist temporal classification.


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    output = _float(output)
    classes = output.shape[-1]
    steps = output.shape[1]
    labels = _clip(_convert(_tensor(target).output, "int64"), 0, classes - 1)
    # CTCLoss takes labels of (batch, steps); those past each label length are unread.
    width = _shape(labels)[1]
    if width < steps:
        end = _i64([0, steps - width])
        labels = ov_opset.pad(labels, _i64([0, 0]), end, "constant").output(0)
    elif width > steps:
        labels = ov_opset.slice(labels, _i64([0]), _i64([steps]), _i64([1]), _i64([1]))
        labels = labels.output(0)
    output_length = _convert(_tensor(output_length).output, "int64")
    target_length = _convert(_tensor(target_length).output, "int64")
    # CTCLoss rejects labels longer than their logits; no path exists there, so the
    # loss is infinite.
    feasible = _le(target_length, output_length)
    # CTCLoss crashes on an empty label (OpenVINO 2026.4): those get the loss of the
    # all-blank path, computed here.
    empty = _eq(target_length, 0)
    logits = _compute(output.output)
    log_probabilities = ov_opset.log_softmax(logits, -1).output(0)
    blank = ov_opset.gather(log_probabilities, _i64(mask_index), _i64(2)).output(0)
    positions = _i64(np.arange(steps)[None, :])
    inside = _lt(positions, ov_opset.unsqueeze(output_length, _i64([1])).output(0))
    blank_path = _neg(_reduce(ov_opset.reduce_sum, _where(inside, blank, 0), -1, False))
    # Lengths of at least 1 for CTCLoss: the losses of the others are replaced.
    logit_length = _max(output_length, 1)
    label_length = _min(_max(target_length, 1), logit_length)
    # OpenVINO's CTCLoss normalizes the logits itself (a log-softmax over classes).
    loss = ov_opset.ctc_loss(
        logits, logit_length, labels, label_length, _i64(mask_index), False, True, False
    ).output(0)
    loss = _where(empty, blank_path, _where(feasible, loss, np.inf))
    return _wrap(_convert(loss, output.dtype))


def _greedy_decode(inputs, sequence_lengths, merge_repeated, mask_index):
    o = inputs.output
    batch, steps, classes = inputs.shape
    if not batch:
        # The decoder corrupts memory on an empty batch: nothing to decode.
        decoded = _constant(np.zeros((1, 0, steps), np.int32))
        scores = _constant(np.zeros((0, 1), dtypes.numpy_dtype(inputs.dtype)))
        return _wrap(decoded), _wrap(scores)
    lengths = _convert(sequence_lengths.output, "int32")
    decoded = ov_opset.ctc_greedy_decoder_seq_len(
        _compute(o), lengths, _constant(np.int32(mask_index)), merge_repeated
    ).output(0)
    # The score of a path: minus the sum of the best logit of each step it covers.
    best = _reduce(ov_opset.reduce_max, o, -1, keepdims=False)
    positions = _constant(np.arange(steps, dtype=np.int32)[None, :])
    inside = _lt(positions, ov_opset.unsqueeze(lengths, _i64([1])).output(0))
    scores = _reduce(ov_opset.reduce_sum, _where(inside, best, 0), -1)
    decoded = ov_opset.unsqueeze(_convert(decoded, "int32"), _i64([0])).output(0)
    return _wrap(decoded), _wrap(_neg(scores))


ctc_decode = nn_utils.make_ctc_decode(
    "openvino", _tensor, _float, core.cast, "int64", _greedy_decode
)


# Our fused kernels, as OpenVINO operations (kernels/bindings/openvino_ops.py).
registry.install_kernels("openvino", __name__)
