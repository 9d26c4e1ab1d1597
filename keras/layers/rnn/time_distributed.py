"""TimeDistributed: applies a layer to every time step of a sequence."""

import inspect

from keras import ops
from keras.backends.common import tree
from keras.layers.core.wrapper import Wrapper
from keras.layers.layer import Layer


def _accepts(layer, argument):
    try:
        return argument in inspect.signature(layer.call).parameters
    except (TypeError, ValueError):
        return False


class TimeDistributed(Wrapper):
    """Applies `layer` to each time step (axis 1) of its inputs, with the same weights.

    Inputs of shape `(batch, time, ...)`: the layer sees `(batch, ...)` slices. The time
    axis is folded into the batch, so the layer runs once on `(batch * time, ...)`,
    and the result is unfolded to `(batch, time, ...)`. A mask of shape
    `(batch, time)` is handed to a layer whose `call` takes one, as the per-step masks
    folded the same way; the output mask is the input mask.

    Args:
        layer: the `keras.layers.Layer` instance to apply at each step.
        **kwargs: base layer arguments (`name`, `dtype`, ...).

    >>> layer = keras.layers.TimeDistributed(keras.layers.Dense(8))
    >>> layer(np.ones((2, 10, 4))).shape
    (2, 10, 8)
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "TimeDistributed: argument `layer` must be a `keras.layers.Layer` "
                f"instance; received layer={layer!r} (of type {type(layer).__name__})."
            )
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    def _step_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if len(input_shape) < 3:
            raise ValueError(
                f"TimeDistributed '{self.name}': the inputs must have at least 3 "
                "dimensions (batch, time, ...); received inputs of shape "
                f"{input_shape}."
            )
        return (input_shape[0],) + input_shape[2:]

    def build(self, input_shape):
        step_shape = self._step_shape(input_shape)
        if not self.layer.built:
            self.layer.build(step_shape)
            self.layer.built = True

    def compute_output_shape(self, input_shape):
        step_shape = self._step_shape(input_shape)
        step_output = tuple(self.layer.compute_output_shape(step_shape))
        return (step_output[0], tuple(input_shape)[1]) + step_output[1:]

    def call(self, inputs, training=None, mask=None):
        self._step_shape(inputs.shape)
        steps = inputs.shape[1]
        if steps is None:
            steps = ops.shape(inputs)[1]
        folded = ops.reshape(inputs, (-1,) + tuple(inputs.shape[2:]))
        kwargs = {}
        if training is not None and _accepts(self.layer, "training"):
            kwargs["training"] = training
        if mask is not None and _accepts(self.layer, "mask"):
            kwargs["mask"] = ops.reshape(mask, (-1,) + tuple(mask.shape[2:]))
        outputs = self.layer(folded, **kwargs)

        def unfold(y):
            return ops.reshape(y, (-1, steps) + tuple(y.shape[1:]))

        return tree.map_structure(unfold, outputs)

    def compute_mask(self, inputs, previous_mask=None):
        return previous_mask

