"""openvino backend: the random ops (see keras/random/random.py for their contract).

Every function is stateless: `seed` is a (2,) int32 tensor (from
keras.random.seed_generator.draw_seed) whose values set the two seed attributes of one
OpenVINO `RandomUniform` node, so the same seed gives the same numbers. Every
distribution is built from those uniforms in the graph: normal by Box-Muller,
truncated_normal by the inverse CDF, gamma by Marsaglia and Tsang's method (rejection
unrolled into a fixed number of rounds), binomial as a count of Bernoulli trials,
categorical by the inverse CDF of each row, shuffle by sorting random keys. Values are
drawn in float32 and then cast.
"""

import math

import numpy as np
from openvino import opset14 as ov_opset

from keras.backends.common import dtypes
from keras.backends.openvino import core
from keras.backends.openvino import math as ov_math

_wrap = core._wrap
_constant = core._constant
_i64 = core._i64
_MASK64 = 2**64 - 1
# Rounds of Marsaglia-Tsang proposals per gamma sample. A round is accepted with
# probability above 0.95, so all eight fail for about one sample in 10**10; that
# sample then takes the mode of the boosted distribution.
_GAMMA_ROUNDS = 8


def _f32(value):
    return _constant(np.asarray(value, np.float32))


def _mix(x):
    """The splitmix64 finalizer: every bit of the result depends on every bit of x."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def _seed_attributes(seed):
    """(global_seed, op_seed) of RandomUniform from the (2,) seed tensor: both in
    [1, 2**63) (OpenVINO draws fresh numbers on every run when both are 0)."""
    values = core._static_value(seed)
    if values is None:
        raise core.SymbolicValueError(
            "The seed of a random op depends on a model input here; the openvino "
            "backend sets its random seeds when the graph is built. Pass an int or a "
            "keras.random.SeedGenerator as `seed`."
        )
    first, second = (int(v) & 0xFFFFFFFF for v in np.asarray(values).reshape(-1)[:2])
    key = (first << 32) | second
    return (_mix(key) >> 1) or 1, (_mix(key ^ _MASK64) >> 1) or 1


def _uniforms(seed, shape):
    """Float32 uniform values in [0, 1) of `shape` (a tuple), from one RandomUniform.

    The node is evaluated at once and its values continue as a constant: the CPU
    plugin (2026.4) computes wrong values in graphs where a RandomUniform output
    reaches an element-wise chain by two paths (erf(|u|) - |u| was off by up to 1)."""
    global_seed, op_seed = _seed_attributes(seed)
    node = ov_opset.random_uniform(
        _i64(list(shape)), _f32(0.0), _f32(1.0), "f32", global_seed, op_seed
    )
    values = _wrap(node)
    values.numpy()
    return values.output


def _take(x, index):
    """x[index] along axis 0 of output `x`."""
    return ov_opset.gather(x, _i64(index), _i64(0)).output(0)


def _param(x, shape=None):
    """`x` as a float32 output, broadcast to `shape` when given."""
    x = core.convert_to_tensor(x, "float32").output
    if shape is None:
        return x
    return ov_opset.broadcast(x, _i64(list(shape))).output(0)


def _box_muller(u1, u2):
    """Standard normal values from two uniform outputs in [0, 1)."""
    # 1 - u1 is in (0, 1]: its log is finite.
    radius = ov_opset.sqrt(
        ov_opset.multiply(_f32(-2.0), ov_opset.log(ov_opset.subtract(_f32(1.0), u1)))
    )
    angle = ov_opset.multiply(u2, _f32(2 * math.pi))
    return ov_opset.multiply(radius, ov_opset.cos(angle)).output(0)


def _cast(output, dtype):
    return core.cast(_wrap(output), dtype)


def _empty(shape, dtype):
    """A tensor of `shape` (with a 0 dim) and `dtype`: the CPU plugin corrupts its
    memory running some of the samplers' operations on empty tensors."""
    zeros = ov_opset.broadcast(_constant(np.zeros((), np.float32)), _i64(list(shape)))
    return _cast(zeros.output(0), dtype)


def normal(shape, mean, stddev, dtype, seed):
    shape = tuple(shape)
    if 0 in shape:
        return _empty(shape, dtype)
    u = _uniforms(seed, (2,) + shape)
    z = _box_muller(_take(u, 0), _take(u, 1))
    values = ov_opset.add(ov_opset.multiply(z, _param(stddev)), _param(mean))
    return _cast(values, dtype)


def _below(maxval, minval, dtype):
    """The largest `dtype` value below `maxval` (towards `minval`), or None when the
    bounds are not known while the graph is built."""
    high, low = core._static_value(maxval), core._static_value(minval)
    if high is None or low is None:
        return None
    kind = dtypes.numpy_dtype(dtype)
    return np.nextafter(np.asarray(high).astype(kind), np.asarray(low).astype(kind))


def uniform(shape, minval, maxval, dtype, seed):
    u = _uniforms(seed, tuple(shape))
    low, high = _param(minval), _param(maxval)
    values = ov_opset.add(ov_opset.multiply(u, ov_opset.subtract(high, low)), low)
    values = _cast(values, dtype)
    # Rounding to a narrow dtype may reach `maxval`, which is excluded.
    below = _below(maxval, minval, dtype)
    if below is None:
        return values
    return _wrap(ov_opset.minimum(values.output, _constant(below)))


def randint(shape, minval, maxval, dtype, seed):
    low, high = int(minval), int(maxval)
    wide = not (-(2**31) <= low and high <= 2**31 - 1)
    kind, ov_type = (np.int64, "i64") if wide else (np.int32, "i32")
    global_seed, op_seed = _seed_attributes(seed)
    values = ov_opset.random_uniform(
        _i64(list(shape)),
        _constant(np.asarray(low, kind)),
        _constant(np.asarray(high, kind)),
        ov_type,
        global_seed,
        op_seed,
    )
    return _cast(values.output(0), dtype)


# The standard normal CDF at -2 and 2: truncated_normal maps uniforms onto
# [Phi(-2), Phi(2)] and back through the inverse CDF.
_LOW_MASS = 0.5 * math.erfc(2 / math.sqrt(2))
_HIGH_MASS = 1 - _LOW_MASS


def truncated_normal(shape, mean, stddev, dtype, seed):
    shape = tuple(shape)
    if 0 in shape:
        return _empty(shape, dtype)
    u = _uniforms(seed, tuple(shape))
    spread = ov_opset.multiply(u, _f32(_HIGH_MASS - _LOW_MASS))
    mass = ov_opset.add(spread, _f32(_LOW_MASS))
    # Phi^-1(p) = sqrt(2) erfinv(2p - 1)
    centred = ov_opset.subtract(ov_opset.multiply(mass, _f32(2.0)), _f32(1.0))
    z = ov_math.erfinv(_wrap(centred)).output
    z = ov_opset.multiply(z, _f32(math.sqrt(2)))
    # Rounding must not leave [-2, 2].
    z = ov_opset.clamp(z, -2.0, 2.0)
    values = ov_opset.add(ov_opset.multiply(z, _param(stddev)), _param(mean))
    return _cast(values, dtype)


def dropout(inputs, rate, noise_shape, seed):
    inputs = core.convert_to_tensor(inputs)
    dtype = dtypes.result_type(inputs.dtype, float)
    inputs = core.cast(inputs, dtype)
    keep = ov_opset.greater_equal(_uniforms(seed, tuple(noise_shape)), _param(rate))
    kept_fraction = core.cast(_wrap(ov_opset.subtract(_f32(1.0), _param(rate))), dtype)
    scaled = ov_opset.divide(inputs.output, kept_fraction.output)
    zero = _constant(np.zeros((), dtypes.numpy_dtype(dtype)))
    return _wrap(ov_opset.select(keep, scaled, zero))


def shuffle(x, axis, seed):
    x = core.convert_to_tensor(x)
    n = x.shape[axis]
    if n < 2:
        return x
    # Sorting n random keys gives a uniformly random permutation.
    keys = _uniforms(seed, (n,))
    order = ov_opset.topk(keys, _i64(n), 0, "max", "value", "i64", stable=True)
    return _wrap(ov_opset.gather(x.output, order.output(1), _i64(axis)))


def _gamma_draws():
    """How many uniform values each gamma sample takes."""
    return 3 * _GAMMA_ROUNDS + 1


def _gamma(u, alpha):
    """Gamma(alpha, 1) samples from the uniforms `u` of shape (_gamma_draws(), ...),
    `alpha` a float32 output of the sample shape.

    Marsaglia and Tsang: for a >= 1, with d = a - 1/3 and c = 1 / sqrt(9 d), d v with
    v = (1 + c z)^3, z normal, is accepted when log(u) < z^2 / 2 + d - d v + d log v.
    For alpha < 1, Gamma(alpha + 1) U^(1/alpha) is Gamma(alpha).
    """
    rounds = _GAMMA_ROUNDS
    boost = ov_opset.less(alpha, _f32(1.0))
    a = ov_opset.select(boost, ov_opset.add(alpha, _f32(1.0)), alpha)
    d = ov_opset.subtract(a, _f32(1.0 / 3.0))
    c = ov_opset.divide(_f32(1.0), ov_opset.sqrt(ov_opset.multiply(d, _f32(9.0))))
    # Without an accepted round a sample takes d, the mode of Gamma(a).
    result = d
    for r in reversed(range(rounds)):
        z = _box_muller(_take(u, 2 * r), _take(u, 2 * r + 1))
        base = ov_opset.add(_f32(1.0), ov_opset.multiply(c, z))
        v = ov_opset.multiply(ov_opset.multiply(base, base), base)
        positive = ov_opset.greater(v, _f32(0.0))
        safe_v = ov_opset.select(positive, v, _f32(1.0))
        bound = ov_opset.add(
            ov_opset.multiply(ov_opset.multiply(z, z), _f32(0.5)),
            ov_opset.multiply(
                d,
                ov_opset.add(
                    ov_opset.subtract(_f32(1.0), safe_v), ov_opset.log(safe_v)
                ),
            ),
        )
        accept = ov_opset.logical_and(
            positive, ov_opset.less(ov_opset.log(_take(u, 2 * rounds + r)), bound)
        )
        result = ov_opset.select(accept, ov_opset.multiply(d, safe_v), result)
    # 1 - u is in (0, 1]: its power is finite.
    last = ov_opset.subtract(_f32(1.0), _take(u, 3 * rounds))
    factor = ov_opset.power(last, ov_opset.divide(_f32(1.0), alpha))
    return ov_opset.multiply(result, ov_opset.select(boost, factor, _f32(1.0)))


def gamma(shape, alpha, dtype, seed):
    shape = tuple(shape)
    if 0 in shape:
        return _empty(shape, dtype)
    u = _uniforms(seed, (_gamma_draws(),) + shape)
    return _cast(_gamma(u, _param(alpha, shape)).output(0), dtype)


def binomial(shape, counts, probabilities, dtype, seed):
    shape = tuple(shape)
    values = core._static_value(counts)
    if values is None:
        raise core.SymbolicValueError(
            "`counts` of `binomial` sets how many trials the openvino graph draws; it "
            "cannot depend on a model input."
        )
    trials = int(np.max(values)) if np.size(values) else 0
    if trials <= 0 or 0 in shape:
        zeros = ov_opset.broadcast(_f32(0.0), _i64(list(shape)))
        return _cast(zeros.output(0), dtype)
    # Trial k of a sample counts when k < its count and its uniform is below p.
    u = _uniforms(seed, (trials,) + shape)
    success = ov_opset.less(u, _param(probabilities, shape))
    index = np.arange(trials, dtype=np.float32).reshape((trials,) + (1,) * len(shape))
    within = ov_opset.less(_constant(index), _param(counts, shape))
    hits = ov_opset.convert(ov_opset.logical_and(success, within), "f32")
    return _cast(ov_opset.reduce_sum(hits, _i64([0]), False).output(0), dtype)


def beta(shape, alpha, beta, dtype, seed):
    shape = tuple(shape)
    if 0 in shape:
        return _empty(shape, dtype)
    draws = _gamma_draws()
    u = _uniforms(seed, (2 * draws,) + shape)
    first = ov_opset.slice(u, _i64([0]), _i64([draws]), _i64([1]), _i64([0]))
    second = ov_opset.slice(u, _i64([draws]), _i64([2 * draws]), _i64([1]), _i64([0]))
    x = _gamma(first.output(0), _param(alpha, shape))
    y = _gamma(second.output(0), _param(beta, shape))
    return _cast(ov_opset.divide(x, ov_opset.add(x, y)).output(0), dtype)


def categorical(logits, num_samples, dtype, seed):
    logits = core.cast(core.convert_to_tensor(logits), "float32")
    batch, classes = logits.shape
    if num_samples == 0 or batch == 0:
        zeros = ov_opset.broadcast(_f32(0.0), _i64([batch, num_samples]))
        return _cast(zeros.output(0), dtype)
    # Inverse CDF per row: class i covers [cdf[i - 1], cdf[i]) of [0, total).
    high = ov_opset.reduce_max(logits.output, _i64([-1]), True)
    weights = ov_opset.exp(ov_opset.subtract(logits.output, high))
    cdf = ov_opset.cumsum(weights, _i64(1))  # (batch, classes)
    total = ov_opset.gather(cdf, _i64([classes - 1]), _i64(1))  # (batch, 1)
    u = _uniforms(seed, (batch, num_samples))
    targets = ov_opset.multiply(u, total)  # (batch, num_samples)
    passed = ov_opset.less_equal(
        ov_opset.unsqueeze(cdf, _i64([1])), ov_opset.unsqueeze(targets, _i64([2]))
    )  # (batch, num_samples, classes)
    samples = ov_opset.reduce_sum(ov_opset.convert(passed, "i32"), _i64([2]), False)
    # Rounding of u * total must not pass the last class.
    samples = ov_opset.minimum(samples, _constant(np.asarray(classes - 1, np.int32)))
    return _cast(samples.output(0), dtype)
