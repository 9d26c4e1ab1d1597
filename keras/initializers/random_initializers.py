"""Initializers that draw random values: RandomNormal, RandomUniform, TruncatedNormal,
Orthogonal, and RandomInitializer, the seed handling they share.

Seeding, as in Keras 3: an initializer built with an int seed, or with `seed=None`
(which picks an int at construction), returns the same values on every call; one
built with a `keras.random.SeedGenerator` returns new values on each call.
"""

import math
import random as python_random

from keras import ops
from keras import random
from keras.backends.common import dtypes
from keras.backends.common import variables
from keras.initializers.base import Initializer
from keras.saving import serialization_lib


class RandomInitializer(Initializer):
    """Base class of the random initializers: checks and keeps the `seed`.

    Args:
        seed: None (an int seed is picked now), an int, or a
            `keras.random.SeedGenerator`; a serialized SeedGenerator (a dict) is
            deserialized.
    """

    def __init__(self, seed=None):
        self._config_seed = seed
        if seed is None:
            seed = python_random.randint(0, 2**31 - 1)
        elif isinstance(seed, dict):
            seed = serialization_lib.deserialize_keras_object(seed)
        if isinstance(seed, bool) or not isinstance(seed, (int, random.SeedGenerator)):
            raise ValueError(
                "`seed` must be None, an int or a keras.random.SeedGenerator; got "
                f"seed={seed!r} of type {type(seed).__name__}."
            )
        self.seed = seed

    def _float_dtype(self, dtype):
        dtype = dtypes.standardize_dtype(dtype)
        if not dtypes.is_float_dtype(dtype):
            raise ValueError(
                f"{type(self).__name__} only makes floating point tensors; got "
                f"dtype={dtype!r}."
            )
        return dtype

    def get_config(self):
        return {"seed": serialization_lib.serialize_keras_object(self._config_seed)}


class RandomNormal(RandomInitializer):
    """Draws from a normal distribution N(`mean`, `stddev`²).

    Args:
        mean: the mean of the distribution.
        stddev: its standard deviation.
        seed: None, an int or a `keras.random.SeedGenerator` (see the module doc).

    >>> keras.initializers.RandomNormal(stddev=1.0, seed=0)((2, 2))
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean = mean
        self.stddev = stddev

    def __call__(self, shape, dtype=None):
        dtype = self._float_dtype(dtype)
        return random.normal(shape, self.mean, self.stddev, dtype, self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


class RandomUniform(RandomInitializer):
    """Draws from a uniform distribution on [`minval`, `maxval`).

    Args:
        minval: the lower bound (included).
        maxval: the upper bound (excluded).
        seed: None, an int or a `keras.random.SeedGenerator` (see the module doc).

    >>> keras.initializers.RandomUniform(-1.0, 1.0, seed=0)((2, 2))
    """

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval = minval
        self.maxval = maxval

    def __call__(self, shape, dtype=None):
        dtype = self._float_dtype(dtype)
        return random.uniform(shape, self.minval, self.maxval, dtype, self.seed)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, **super().get_config()}


class TruncatedNormal(RandomInitializer):
    """Draws from N(`mean`, `stddev`²), redrawing values more than 2 `stddev` off.

    Args:
        mean: the mean of the untruncated distribution.
        stddev: its standard deviation.
        seed: None, an int or a `keras.random.SeedGenerator` (see the module doc).

    >>> keras.initializers.TruncatedNormal(stddev=1.0, seed=0)((2, 2))  # in [-2, 2]
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean = mean
        self.stddev = stddev

    def __call__(self, shape, dtype=None):
        dtype = self._float_dtype(dtype)
        return random.truncated_normal(shape, self.mean, self.stddev, dtype, self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


class Orthogonal(RandomInitializer):
    """A random orthogonal matrix times `gain`.

    For a shape (..., n) the tensor is built as a matrix of prod(...) rows and n columns
    whose rows (if there are fewer rows than columns) or columns are orthonormal: the Q
    of the QR decomposition of a standard normal matrix, with signs that make it
    uniformly distributed.

    Args:
        gain: the factor applied to the orthogonal matrix.
        seed: None, an int or a `keras.random.SeedGenerator` (see the module doc).

    >>> w = keras.initializers.Orthogonal(seed=0)((4, 4))  # w.T @ w == identity
    """

    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = variables.standardize_shape(shape)
        dtype = self._float_dtype(dtype)
        if len(shape) < 2:
            raise ValueError(
                "The Orthogonal initializer needs a shape of rank >= 2; got "
                f"shape={shape} of rank {len(shape)}."
            )
        rows = math.prod(shape[:-1])
        columns = shape[-1]
        # A tall matrix, so that its Q has orthonormal columns.
        tall = (max(rows, columns), min(rows, columns))
        normal = random.normal(tall, dtype="float32", seed=self.seed)
        # In ops, never on the host: the initializer may run inside jax.jit or a
        # tf.function, where `normal` is a traced value.
        q, r = ops.linalg.qr(normal)  # (max, min), (min, min)
        # The signs of r's diagonal make q uniformly distributed.
        q = ops.multiply(q, ops.sign(ops.diagonal(r)))
        if rows < columns:
            q = ops.transpose(q)
        result = ops.multiply(ops.reshape(q, shape), self.gain)
        return ops.cast(result, dtype)

    def get_config(self):
        return {"gain": self.gain, **super().get_config()}


OrthogonalInitializer = Orthogonal
