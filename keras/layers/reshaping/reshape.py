"""Reshape: gives each sample a new shape."""

import math
import numbers

from keras import ops
from keras.layers.layer import Layer


class Reshape(Layer):
    """Reshapes each sample to `target_shape` (the batch axis is kept).

    Args:
        target_shape: the new shape of one sample, a tuple of ints; one entry may be
            -1, inferred from the size of the sample.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.Reshape((3, 4))(keras.ops.zeros((2, 12))).shape
    (2, 3, 4)
    >>> keras.layers.Reshape((-1, 2))(keras.ops.zeros((2, 12))).shape
    (2, 6, 2)
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        if isinstance(target_shape, numbers.Integral):
            target_shape = (target_shape,)
        if not isinstance(target_shape, (tuple, list)) or not all(
            isinstance(d, numbers.Integral) and not isinstance(d, bool) and d >= -1
            for d in target_shape
        ):
            raise ValueError(
                "Reshape: `target_shape` must be a tuple of ints >= 0, with at most "
                f"one -1; got target_shape={target_shape!r}."
            )
        if list(target_shape).count(-1) > 1:
            raise ValueError(
                "Reshape: `target_shape` can have at most one -1 (the inferred "
                f"dimension); got target_shape={tuple(target_shape)}."
            )
        self.target_shape = tuple(int(d) for d in target_shape)

    def _resolve(self, input_shape):
        """The target shape of one sample, with -1 inferred when the size is known."""
        features = tuple(input_shape[1:])
        if -1 not in self.target_shape:
            known = math.prod(self.target_shape)
            total = None if None in features else math.prod(features)
            if total is not None and total != known:
                raise ValueError(self._mismatch(input_shape))
            return self.target_shape
        if None in features:
            return tuple(None if d == -1 else d for d in self.target_shape)
        total = math.prod(features)
        known = math.prod(d for d in self.target_shape if d != -1)
        if known == 0 or total % known:
            raise ValueError(self._mismatch(input_shape))
        return tuple(total // known if d == -1 else d for d in self.target_shape)

    def _mismatch(self, input_shape):
        return (
            "Reshape: the size of each sample must not change; cannot reshape inputs "
            f"of shape {tuple(input_shape)} to target_shape={self.target_shape}."
        )

    def call(self, inputs):
        shape = ops.shape(inputs)
        return ops.reshape(inputs, (shape[0],) + self._resolve(shape))

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._resolve(input_shape)

    def get_config(self):
        config = super().get_config()
        config["target_shape"] = self.target_shape
        return config
