"""LeakyReLU: the rectified linear unit with a small slope for negative inputs."""

import numbers
import warnings

from keras import activations
from keras.layers.layer import Layer


class LeakyReLU(Layer):
    """Leaky rectified linear unit: `f(x) = x` for `x >= 0`, `negative_slope * x`
    otherwise.

    Args:
        negative_slope: the slope for negative inputs; a float >= 0.
        **kwargs: base layer arguments (`name`, `dtype`...). The deprecated `alpha`
            is read as `negative_slope`.

    >>> keras.layers.LeakyReLU(negative_slope=0.5)(np.array([-2.0, 3.0]))
    array([-1.,  3.], dtype=float32)
    """

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn(
                "LeakyReLU: the `alpha` argument is deprecated; use `negative_slope`.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        if (
            negative_slope is None
            or isinstance(negative_slope, bool)
            or not isinstance(negative_slope, numbers.Real)
            or negative_slope < 0
        ):
            raise ValueError(
                "LeakyReLU: `negative_slope` must be a non-negative number; received "
                f"negative_slope={negative_slope!r}."
            )
        self.negative_slope = negative_slope
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["negative_slope"] = self.negative_slope
        return config
