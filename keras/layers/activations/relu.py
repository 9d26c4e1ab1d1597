"""ReLU: the rectified linear unit, with optional cap, threshold and leak."""

import numbers

from keras import activations
from keras.layers.layer import Layer


def _check_non_negative(value, argument, layer_name, allow_none=False):
    """Raises a ValueError unless `value` is a number >= 0 (or None if allowed)."""
    if value is None and allow_none:
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value < 0:
        raise ValueError(
            f"{layer_name}: `{argument}` must be a non-negative number; received "
            f"{argument}={value!r}."
        )
    return value


class ReLU(Layer):
    """Rectified linear unit.

    `f(x) = max_value` for `x >= max_value`, `x` for `threshold <= x < max_value`,
    and `negative_slope * (x - threshold)` otherwise.

    Args:
        max_value: the largest output (None: no cap); a float >= 0.
        negative_slope: the slope below the threshold; a float >= 0.
        threshold: the value below which the output is damped; a float >= 0.
        **kwargs: base layer arguments (`name`, `dtype`...).

    >>> keras.layers.ReLU(max_value=1.0)(np.array([-1.0, 0.5, 2.0]))
    array([0. , 0.5, 1. ], dtype=float32)
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        self.max_value = _check_non_negative(max_value, "max_value", "ReLU", True)
        self.negative_slope = _check_non_negative(
            negative_slope, "negative_slope", "ReLU"
        )
        self.threshold = _check_non_negative(threshold, "threshold", "ReLU")
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.relu(
            inputs,
            negative_slope=self.negative_slope,
            max_value=self.max_value,
            threshold=self.threshold,
        )

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "max_value": self.max_value,
                "negative_slope": self.negative_slope,
                "threshold": self.threshold,
            }
        )
        return config
