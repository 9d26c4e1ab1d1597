"""ActivityRegularization: adds an L1/L2 penalty on its inputs to the layer losses."""

import numbers

from keras import regularizers
from keras.layers.layer import Layer


class ActivityRegularization(Layer):
    """Passes its inputs through unchanged and adds `l1 * sum(|x|) + l2 * sum(x**2)`
    to `layer.losses` on each call.

    Args:
        l1: the L1 regularization factor, a float >= 0.
        l2: the L2 regularization factor, a float >= 0.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> layer = keras.layers.ActivityRegularization(l1=0.1)
    >>> _ = layer(keras.ops.array([[1.0, -2.0]]))
    >>> layer.losses  # [0.3]
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        for argument, value in (("l1", l1), ("l2", l2)):
            is_number = isinstance(value, numbers.Real) and not isinstance(value, bool)
            if not is_number or value < 0:
                raise ValueError(
                    f"ActivityRegularization: `{argument}` must be a float >= 0; got "
                    f"{argument}={value!r}."
                )
        super().__init__(
            activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs
        )
        self.l1 = l1
        self.l2 = l2
        self.supports_masking = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"l1": self.l1, "l2": self.l2})
        return config
