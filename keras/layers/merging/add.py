"""Add: the element-wise sum of a list of tensors."""

from keras import ops
from keras.layers.merging.base_merge import Merge


class Add(Merge):
    """Adds a list of tensors element-wise.

    The inputs must have the same shape, up to broadcasting (sizes of 1 or None); the
    output has the broadcast shape.

    >>> x1 = np.ones((2, 3))
    >>> x2 = np.full((2, 3), 2.0)
    >>> keras.layers.Add()([x1, x2]).shape
    (2, 3)

    Args:
        **kwargs: the standard layer arguments (`name`, `dtype`, `trainable`).
    """

    def _merge_function(self, inputs, masks):
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return output


def add(inputs, **kwargs):
    """Functional form of `keras.layers.Add`: `Add(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors of the same shape (up to broadcasting).
        **kwargs: the standard layer arguments.

    Returns:
        The element-wise sum of the inputs.

    >>> a = keras.Input(shape=(8,))
    >>> b = keras.Input(shape=(8,))
    >>> keras.layers.add([a, b]).shape
    (None, 8)
    """
    return Add(**kwargs)(inputs)
