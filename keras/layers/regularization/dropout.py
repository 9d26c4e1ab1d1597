"""Dropout: zeroes random entries during training and rescales the others."""

from keras import ops
from keras import random
from keras.layers.layer import Layer
from keras.utils import argument_validation


class Dropout(Layer):
    """Randomly sets inputs to 0 during training, scaling the rest by `1 / (1 - rate)`.

    Each entry is dropped with probability `rate`, so the expected value of each entry
    is unchanged. Outside training (`training=False`, the default) the layer is the
    identity.

    Args:
        rate: the fraction of the inputs to drop, a float in [0, 1].
        noise_shape: the shape of the keep/drop mask, broadcast to the inputs; e.g.
            `(batch, 1, features)` drops the same features at every timestep. None
            entries take the dim of the inputs. Defaults to the shape of the inputs.
        seed: an int for a repeatable sequence of masks, or None.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> layer = keras.layers.Dropout(0.5, seed=1)
    >>> layer(keras.ops.ones((2, 4)), training=True)  # 0s and 2s
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = argument_validation.check_fraction(
            rate, "rate", type(self).__name__
        )
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        if rate > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate == 1:
            return ops.zeros_like(inputs)
        return random.dropout(
            inputs, self.rate, noise_shape=self._mask_shape(), seed=self.seed_generator
        )

    def _mask_shape(self):
        return self.noise_shape

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape}
        )
        return config
