"""Maximum: the element-wise maximum of a list of tensors."""

from keras import ops
from keras.layers.merging.base_merge import Merge


class Maximum(Merge):
    """Takes the element-wise maximum of a list of tensors.

    The inputs must have the same shape, up to broadcasting (sizes of 1 or None). With
    masks, masked-out entries do not take part: where only some inputs are valid, the
    maximum is over those.

    >>> x1 = np.array([[1.0, 5.0]])
    >>> x2 = np.array([[3.0, 2.0]])
    >>> keras.ops.convert_to_numpy(keras.layers.Maximum()([x1, x2]))
    array([[3., 5.]], dtype=float32)

    Args:
        **kwargs: the standard layer arguments (`name`, `dtype`, `trainable`).
    """

    def _merge_function(self, inputs, masks):
        return self._fold_valid(ops.maximum, inputs, masks)


def maximum(inputs, **kwargs):
    """Functional form of `keras.layers.Maximum`: `Maximum(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors of the same shape (up to broadcasting).
        **kwargs: the standard layer arguments.

    Returns:
        The element-wise maximum of the inputs.

    >>> a = keras.Input(shape=(8,))
    >>> b = keras.Input(shape=(8,))
    >>> keras.layers.maximum([a, b]).shape
    (None, 8)
    """
    return Maximum(**kwargs)(inputs)
