"""RepeatVector: repeats each input vector `n` times along a new axis."""

import numbers

from keras import ops
from keras.layers.input_spec import InputSpec
from keras.layers.layer import Layer


class RepeatVector(Layer):
    """Turns inputs `(batch, features)` into `(batch, n, features)` by repetition.

    Args:
        n: the number of repetitions, an int >= 0.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.RepeatVector(3)(keras.ops.zeros((2, 32))).shape
    (2, 3, 32)
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, numbers.Integral) or isinstance(n, bool):
            raise TypeError(
                f"RepeatVector: `n` must be an int; got n={n!r} of type "
                f"{type(n).__name__}."
            )
        if n < 0:
            raise ValueError(f"RepeatVector: `n` must be >= 0; got n={n}.")
        self.n = int(n)
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        # (batch, features) -> (batch, 1, features) -> (batch, n, features)
        return ops.repeat(ops.expand_dims(inputs, 1), self.n, axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        config = super().get_config()
        config["n"] = self.n
        return config
