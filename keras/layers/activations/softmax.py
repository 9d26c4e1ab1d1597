"""Softmax: normalizes inputs into probabilities, skipping masked positions."""

from keras import activations
from keras import ops
from keras.backends.common import dtypes
from keras.layers.layer import Layer


def _large_negative(dtype):
    """A logit offset that makes a position's probability ~0 without overflowing."""
    return -3e4 if dtypes.standardize_dtype(dtype) == "float16" else -1e9


class Softmax(Layer):
    """Softmax over `axis`: `exp(x) / sum(exp(x), axis)`.

    With a mask (True, or a number > 0.5, keeps a position), the masked logits are
    replaced by a large negative number so that they get a probability of ~0, and
    the masked outputs are set to 0 (so a fully masked slice gives zeros).

    Args:
        axis: the axis (or list of axes) normalized together.
        **kwargs: base layer arguments (`name`, `dtype`...).

    Call arguments:
        inputs: the logits.
        mask: a boolean tensor broadcastable to the inputs, or None.

    >>> keras.layers.Softmax()(np.array([[1.0, 1.0]]))
    array([[0.5, 0.5]], dtype=float32)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs, mask=None):
        if mask is not None:
            mask = self._check_mask(inputs, mask)
            inputs = ops.where(mask, inputs, _large_negative(inputs.dtype))
        if isinstance(self.axis, (list, tuple)):
            if len(self.axis) > 1:
                outputs = ops.softmax(inputs, axis=tuple(self.axis))
            else:
                outputs = activations.softmax(inputs, axis=self.axis[0])
        else:
            outputs = activations.softmax(inputs, axis=self.axis)
        if mask is not None:
            # A fully masked slice would otherwise come out uniform.
            outputs = ops.where(mask, outputs, ops.zeros((), outputs.dtype))
        return outputs

    def _check_mask(self, inputs, mask):
        """The mask as booleans (a numeric mask keeps values > 0.5), after checking
        that it broadcasts to the inputs."""
        mask_shape, input_shape = tuple(mask.shape), tuple(inputs.shape)
        broadcastable = len(mask_shape) <= len(input_shape) and all(
            m is None or i is None or m in (1, i)
            for m, i in zip(reversed(mask_shape), reversed(input_shape))
        )
        if not broadcastable:
            raise ValueError(
                f"Layer '{self.name}': the mask must broadcast to the inputs (each "
                "axis of size 1 or equal to the input's, and no more axes); received "
                f"inputs.shape={input_shape}, mask.shape={mask_shape}."
            )
        if dtypes.standardize_dtype(mask.dtype) != "bool":
            mask = ops.greater(mask, 0.5)
        return mask

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config
