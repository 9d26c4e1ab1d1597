"""numpy backend: the random ops (see keras/random/random.py for their contract).

Every function is stateless: `seed` is a (2,) int32 array (from
keras.random.seed_generator.draw_seed) that seeds a fresh `numpy.random.Generator`, and
`dtype` is a standardized Keras dtype name.
"""

import numpy as np

from keras.backends.common import dtypes
from keras.backends.numpy import core


def _generator(seed):
    return np.random.default_rng(np.asarray(seed).astype(np.uint32))


def _as(x, dtype):
    return np.asarray(x).astype(dtypes.numpy_dtype(dtype), copy=False)


def normal(shape, mean, stddev, dtype, seed):
    values = _generator(seed).standard_normal(shape)
    return _as(values * stddev + mean, dtype)


def uniform(shape, minval, maxval, dtype, seed):
    values = _generator(seed).uniform(minval, maxval, size=shape)
    # Rounding to a narrow dtype may reach `maxval`, which is excluded.
    below_maxval = np.nextafter(_as(maxval, dtype), _as(minval, dtype))
    return np.minimum(_as(values, dtype), below_maxval)


def randint(shape, minval, maxval, dtype, seed):
    return _generator(seed).integers(
        minval, maxval, size=shape, dtype=dtypes.numpy_dtype(dtype)
    )


def truncated_normal(shape, mean, stddev, dtype, seed):
    generator = _generator(seed)
    values = generator.standard_normal(shape)
    outside = np.abs(values) > 2
    # Rejection sampling: redraw the values outside [-2, 2] until none is left.
    while outside.any():
        values[outside] = generator.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2
    return _as(values * stddev + mean, dtype)


def dropout(inputs, rate, noise_shape, seed):
    inputs = core.convert_to_tensor(inputs)
    dtype = dtypes.result_type(inputs.dtype, float)
    inputs = _as(inputs, dtype)
    keep = _generator(seed).uniform(size=noise_shape) >= rate
    scaled = inputs / _as(1 - rate, dtype)
    return np.where(keep, scaled, np.zeros((), inputs.dtype))


def shuffle(x, axis, seed):
    x = core.convert_to_tensor(x)
    permutation = _generator(seed).permutation(x.shape[axis])
    return np.take(x, permutation, axis=axis)


def gamma(shape, alpha, dtype, seed):
    return _as(_generator(seed).standard_gamma(alpha, size=shape), dtype)


def binomial(shape, counts, probabilities, dtype, seed):
    counts = np.broadcast_to(np.asarray(counts).astype(np.int64), shape)
    probabilities = np.broadcast_to(np.asarray(probabilities, np.float64), shape)
    return _as(_generator(seed).binomial(counts, probabilities, size=shape), dtype)


def beta(shape, alpha, beta, dtype, seed):
    return _as(_generator(seed).beta(alpha, beta, size=shape), dtype)


def categorical(logits, num_samples, dtype, seed):
    logits = np.asarray(core.convert_to_tensor(logits), np.float64)
    # Inverse CDF per row: class i covers [cdf[i - 1], cdf[i]) of [0, total).
    cdf = np.cumsum(np.exp(logits - logits.max(axis=-1, keepdims=True)), axis=-1)
    uniforms = _generator(seed).uniform(size=(logits.shape[0], num_samples))
    samples = [
        np.searchsorted(row, u * row[-1], side="right") for row, u in zip(cdf, uniforms)
    ]
    return _as(np.reshape(samples, uniforms.shape), dtype)
