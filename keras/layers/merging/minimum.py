"""Minimum: the element-wise minimum of a list of tensors."""

from keras import ops
from keras.layers.merging.base_merge import Merge


class Minimum(Merge):
    """Takes the element-wise minimum of a list of tensors.

    The inputs must have the same shape, up to broadcasting (sizes of 1 or None). With
    masks, masked-out entries do not take part: where only some inputs are valid, the
    minimum is over those.

    >>> x1 = np.array([[1.0, 5.0]])
    >>> x2 = np.array([[3.0, 2.0]])
    >>> keras.ops.convert_to_numpy(keras.layers.Minimum()([x1, x2]))
    array([[1., 2.]], dtype=float32)

    Args:
        **kwargs: the standard layer arguments (`name`, `dtype`, `trainable`).
    """

    def _merge_function(self, inputs, masks):
        return self._fold_valid(ops.minimum, inputs, masks)


def minimum(inputs, **kwargs):
    """Functional form of `keras.layers.Minimum`: `Minimum(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors of the same shape (up to broadcasting).
        **kwargs: the standard layer arguments.

    Returns:
        The element-wise minimum of the inputs.

    >>> a = keras.Input(shape=(8,))
    >>> b = keras.Input(shape=(8,))
    >>> keras.layers.minimum([a, b]).shape
    (None, 8)
    """
    return Minimum(**kwargs)(inputs)
