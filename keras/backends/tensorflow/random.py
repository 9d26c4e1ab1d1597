"""tensorflow backend: the random ops (see keras/random/random.py for their contract).

Every function is stateless, and so fit for tf.function: `seed` is a (2,) int32 tensor
(from keras.random.seed_generator.draw_seed) given to TensorFlow's `stateless_*`
samplers, and `dtype` is a standardized Keras dtype name.
"""

import tensorflow as tf

from keras.backends.common import dtypes
from keras.backends.tensorflow import core


def _param(x, dtype="float32"):
    return core.convert_to_tensor(x, dtype=dtype)


def _tf_dtype(dtype):
    return tf.as_dtype(dtypes.numpy_dtype(dtype))


def normal(shape, mean, stddev, dtype, seed):
    values = tf.random.stateless_normal(shape, seed=seed, dtype=_tf_dtype(dtype))
    return values * _param(stddev, dtype) + _param(mean, dtype)


def uniform(shape, minval, maxval, dtype, seed):
    return tf.random.stateless_uniform(
        shape,
        seed=seed,
        minval=_param(minval, dtype),
        maxval=_param(maxval, dtype),
        dtype=_tf_dtype(dtype),
    )


def randint(shape, minval, maxval, dtype, seed):
    # Drawn as int64: stateless_uniform has integer kernels for int32/int64 only.
    values = tf.random.stateless_uniform(
        shape,
        seed=seed,
        minval=_param(minval, "int64"),
        maxval=_param(maxval, "int64"),
        dtype=tf.int64,
    )
    return core.cast(values, dtype)


def truncated_normal(shape, mean, stddev, dtype, seed):
    values = tf.random.stateless_truncated_normal(
        shape, seed=seed, dtype=_tf_dtype(dtype)
    )
    return values * _param(stddev, dtype) + _param(mean, dtype)


def dropout(inputs, rate, noise_shape, seed):
    inputs = core.convert_to_tensor(inputs)
    dtype = dtypes.result_type(dtypes.standardize_dtype(inputs.dtype), float)
    inputs = core.cast(inputs, dtype)
    keep = tf.random.stateless_uniform(noise_shape, seed=seed) >= _param(rate)
    scaled = inputs / _param(1.0 - rate, dtype)
    return tf.where(keep, scaled, tf.zeros((), dtype=inputs.dtype))


def shuffle(x, axis, seed):
    x = core.convert_to_tensor(x)
    # The order of i.i.d. uniform keys is a uniformly random permutation.
    keys = tf.random.stateless_uniform(tf.shape(x)[axis : axis + 1], seed=seed)
    return tf.gather(x, tf.argsort(keys), axis=axis)


def gamma(shape, alpha, dtype, seed):
    values = tf.random.stateless_gamma(shape, seed=seed, alpha=_param(alpha))
    return core.cast(values, dtype)


def binomial(shape, counts, probabilities, dtype, seed):
    values = tf.random.stateless_binomial(
        shape,
        seed=seed,
        counts=_param(counts),
        probs=_param(probabilities),
        output_dtype=tf.float32,
    )
    return core.cast(values, dtype)


def beta(shape, alpha, beta, dtype, seed):
    alpha_seed, beta_seed = tf.unstack(
        tf.random.experimental.stateless_split(seed, num=2)
    )
    # X ~ Gamma(alpha), Y ~ Gamma(beta): X / (X + Y) ~ Beta(alpha, beta).
    x = tf.random.stateless_gamma(shape, seed=alpha_seed, alpha=_param(alpha))
    y = tf.random.stateless_gamma(shape, seed=beta_seed, alpha=_param(beta))
    return core.cast(x / (x + y), dtype)


def categorical(logits, num_samples, dtype, seed):
    logits = core.cast(core.convert_to_tensor(logits), "float32")
    samples = tf.random.stateless_categorical(logits, num_samples, seed=seed)
    return core.cast(samples, dtype)
