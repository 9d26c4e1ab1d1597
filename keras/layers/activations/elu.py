"""ELU: the exponential linear unit."""

import numbers

from keras import activations
from keras.layers.layer import Layer


class ELU(Layer):
    """Exponential linear unit: `f(x) = x` for `x > 0`, `alpha * (exp(x) - 1)`
    otherwise.

    Args:
        alpha: the scale of the negative part.
        **kwargs: base layer arguments (`name`, `dtype`...).

    >>> keras.layers.ELU()(np.array([-1.0, 2.0]))
    array([-0.63212055,  2.        ], dtype=float32)
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
            raise ValueError(
                f"ELU: `alpha` must be a number; received alpha={alpha!r}."
            )
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["alpha"] = self.alpha
        return config
