"""AlphaDropout: dropout that keeps the mean and variance of SELU activations."""

from keras import ops
from keras import random
from keras.layers.layer import Layer
from keras.utils import argument_validation

# The SELU constants: selu(x) = _SCALE * (x if x > 0 else _ALPHA * (exp(x) - 1)).
_ALPHA = 1.6732632423543772848170429916717
_SCALE = 1.0507009873554804934193349852946
# The SELU saturation value (its limit at -inf), which dropped units are set to.
_SATURATION = -_ALPHA * _SCALE


class AlphaDropout(Layer):
    """Dropout for self-normalizing networks (SELU activations).

    During training each entry is replaced, with probability `rate`, by the negative
    saturation value of SELU, `-alpha * scale`, and the result is transformed by
    `a * x + b` with `a, b` chosen so that inputs of zero mean and unit variance keep
    zero mean and unit variance:

        a = ((1 - rate) * (1 + rate * s**2)) ** -0.5,  b = -a * s * rate,
        s = -alpha * scale.

    Identity outside training; `rate=1` gives zeros (the limit of `a * x + b`).

    Args:
        rate: the fraction of the inputs to drop, a float in [0, 1].
        noise_shape: the shape of the keep/drop mask, broadcast to the inputs; None
            entries take the dim of the inputs. Defaults to the shape of the inputs.
        seed: an int for a repeatable sequence of masks, or None.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> layer = keras.layers.AlphaDropout(0.1, seed=0)
    >>> layer(keras.random.normal((2, 8)), training=True).shape
    (2, 8)
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

    def _mask_shape(self, inputs):
        shape = tuple(ops.shape(inputs))
        if self.noise_shape is None:
            return shape
        if len(self.noise_shape) != len(shape):
            raise ValueError(
                f"{type(self).__name__}: `noise_shape` must have the rank of the "
                f"inputs ({len(shape)}); got noise_shape={self.noise_shape} for inputs "
                f"of shape {shape}."
            )
        return tuple(s if n is None else n for n, s in zip(self.noise_shape, shape))

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate == 1:
            return ops.zeros_like(inputs)
        dtype = ops.dtype(inputs)
        uniform = random.uniform(
            self._mask_shape(inputs), dtype=dtype, seed=self.seed_generator
        )
        keep = ops.cast(ops.greater_equal(uniform, self.rate), dtype)
        a = ((1.0 - self.rate) * (1.0 + self.rate * _SATURATION**2)) ** -0.5
        b = -a * _SATURATION * self.rate
        dropped = inputs * keep + _SATURATION * (1.0 - keep)
        return a * dropped + b

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape}
        )
        return config
