"""GaussianNoise: adds zero-centred Gaussian noise during training."""

from keras import ops
from keras import random
from keras.layers.layer import Layer
from keras.utils import argument_validation


class GaussianNoise(Layer):
    """Adds noise drawn from `N(0, stddev**2)` to the inputs during training.

    A regularizer against overfitting (a form of data augmentation for real-valued
    inputs). Identity outside training.

    Args:
        stddev: the standard deviation of the noise, a float in [0, 1].
        seed: an int for a repeatable sequence of noise, or None.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> layer = keras.layers.GaussianNoise(0.1, seed=0)
    >>> layer(keras.ops.zeros((2, 3)), training=True)  # small values around 0
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.stddev = argument_validation.check_fraction(
            stddev, "stddev", type(self).__name__
        )
        self.seed = seed
        if stddev > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True

    def call(self, inputs, training=False):
        if not training or self.stddev == 0:
            return inputs
        noise = random.normal(
            ops.shape(inputs),
            mean=0.0,
            stddev=self.stddev,
            dtype=ops.dtype(inputs),
            seed=self.seed_generator,
        )
        return inputs + noise

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"stddev": self.stddev, "seed": self.seed})
        return config
