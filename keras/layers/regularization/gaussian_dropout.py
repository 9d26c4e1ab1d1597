"""GaussianDropout: multiplies the inputs by Gaussian noise of mean 1 in training."""

import math

from keras import ops
from keras import random
from keras.layers.layer import Layer
from keras.utils import argument_validation


class GaussianDropout(Layer):
    """Multiplies the inputs by noise drawn from `N(1, rate / (1 - rate))` in training.

    The multiplicative noise has the mean and variance of the scaled Bernoulli mask of
    `Dropout(rate)`, without zeroing anything. Identity outside training; `rate=1`
    gives zeros, as `Dropout(1.0)` does (the noise variance would be infinite).

    Args:
        rate: the drop probability the noise imitates, a float in [0, 1].
        seed: an int for a repeatable sequence of noise, or None.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> layer = keras.layers.GaussianDropout(0.2, seed=0)
    >>> layer(keras.ops.ones((2, 3)), training=True)  # values around 1
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = argument_validation.check_fraction(
            rate, "rate", type(self).__name__
        )
        self.seed = seed
        if rate > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate == 1:
            return ops.zeros_like(inputs)
        noise = random.normal(
            ops.shape(inputs),
            mean=1.0,
            stddev=math.sqrt(self.rate / (1.0 - self.rate)),
            dtype=ops.dtype(inputs),
            seed=self.seed_generator,
        )
        return inputs * noise

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed})
        return config
