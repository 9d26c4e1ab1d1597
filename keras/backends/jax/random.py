"""jax backend: the random ops (see keras/random/random.py for their contract).

Every function is stateless, and so fit for jax.jit: `seed` is a (2,) int32 array (from
keras.random.seed_generator.draw_seed) from which a jax.random key is derived, and
`dtype` is a standardized Keras dtype name.
"""

import jax
import jax.numpy as jnp

from keras.backends.common import dtypes
from keras.backends.jax import core


def _key(seed):
    seed = jnp.asarray(seed)
    return jax.random.fold_in(jax.random.key(seed[0]), seed[1])


def _param(x, dtype):
    return core.convert_to_tensor(x, dtype=dtype)


def normal(shape, mean, stddev, dtype, seed):
    values = jax.random.normal(_key(seed), shape, dtype=dtype)
    return values * _param(stddev, dtype) + _param(mean, dtype)


def uniform(shape, minval, maxval, dtype, seed):
    return jax.random.uniform(
        _key(seed),
        shape,
        dtype=dtype,
        minval=_param(minval, dtype),
        maxval=_param(maxval, dtype),
    )


def randint(shape, minval, maxval, dtype, seed):
    return jax.random.randint(_key(seed), shape, minval, maxval, dtype=dtype)


def truncated_normal(shape, mean, stddev, dtype, seed):
    values = jax.random.truncated_normal(_key(seed), -2.0, 2.0, shape, dtype=dtype)
    return values * _param(stddev, dtype) + _param(mean, dtype)


def dropout(inputs, rate, noise_shape, seed):
    inputs = core.convert_to_tensor(inputs)
    dtype = dtypes.result_type(inputs.dtype, float)
    inputs = inputs.astype(dtype)
    keep = jax.random.bernoulli(_key(seed), 1.0 - rate, noise_shape)
    scaled = inputs / _param(1.0 - rate, dtype)
    return jnp.where(keep, scaled, jnp.zeros((), dtype))


def shuffle(x, axis, seed):
    x = core.convert_to_tensor(x)
    return jax.random.permutation(_key(seed), x, axis=axis, independent=False)


def gamma(shape, alpha, dtype, seed):
    return jax.random.gamma(_key(seed), _param(alpha, dtype), shape, dtype=dtype)


def binomial(shape, counts, probabilities, dtype, seed):
    # Sampled in float32: jax's binomial sampler is inexact in float16 and bfloat16.
    counts = _param(counts, "float32")
    probabilities = _param(probabilities, "float32")
    values = jax.random.binomial(
        _key(seed), counts, probabilities, shape, dtype="float32"
    )
    return values.astype(dtype)


def beta(shape, alpha, beta, dtype, seed):
    # Sampled in float32: small float16 gamma draws underflow to 0, giving 0/0.
    alpha, beta = _param(alpha, "float32"), _param(beta, "float32")
    values = jax.random.beta(_key(seed), alpha, beta, shape, dtype="float32")
    return values.astype(dtype)


def categorical(logits, num_samples, dtype, seed):
    logits = core.convert_to_tensor(logits)
    # `shape` covers the batch dims of logits, last: (num_samples, batch).
    samples = jax.random.categorical(
        _key(seed), logits, axis=-1, shape=(num_samples, logits.shape[0])
    )
    return samples.T.astype(dtype)
