"""Average: the element-wise mean of a list of tensors."""

from keras import ops
from keras.layers.merging.base_merge import Merge


class Average(Merge):
    """Averages a list of tensors element-wise.

    The inputs must have the same shape, up to broadcasting (sizes of 1 or None); the
    output has the broadcast shape.

    >>> x1 = np.ones((2, 3))
    >>> x2 = np.full((2, 3), 3.0)
    >>> keras.ops.convert_to_numpy(keras.layers.Average()([x1, x2]))[0]
    array([2., 2., 2.], dtype=float32)

    Args:
        **kwargs: the standard layer arguments (`name`, `dtype`, `trainable`).
    """

    def _merge_function(self, inputs, masks):
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return ops.divide(output, len(inputs))


def average(inputs, **kwargs):
    """Functional form of `keras.layers.Average`: `Average(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors of the same shape (up to broadcasting).
        **kwargs: the standard layer arguments.

    Returns:
        The element-wise mean of the inputs.

    >>> a = keras.Input(shape=(8,))
    >>> b = keras.Input(shape=(8,))
    >>> keras.layers.average([a, b]).shape
    (None, 8)
    """
    return Average(**kwargs)(inputs)
