"""Subtract: the element-wise difference of exactly two tensors."""

from keras import ops
from keras.layers.merging.base_merge import Merge


def _check_two(layer, count, received):
    if count != 2:
        raise ValueError(
            f"A `Subtract` layer should be called on exactly 2 inputs; layer "
            f"'{layer.name}' received {count}: {received}."
        )


class Subtract(Merge):
    """Subtracts the second of two tensors from the first, element-wise.

    Takes a list `[x1, x2]` of the same shape (up to broadcasting) and returns
    `x1 - x2`.

    >>> x1 = np.full((2, 3), 5.0)
    >>> x2 = np.ones((2, 3))
    >>> keras.ops.convert_to_numpy(keras.layers.Subtract()([x1, x2]))[0]
    array([4., 4., 4.], dtype=float32)

    Args:
        **kwargs: the standard layer arguments (`name`, `dtype`, `trainable`).
    """

    def build(self, input_shape):
        super().build(input_shape)
        _check_two(self, len(input_shape), f"input_shape={input_shape}")

    def _merge_function(self, inputs, masks):
        _check_two(self, len(inputs), f"{len(inputs)} tensors")
        return ops.subtract(inputs[0], inputs[1])


def subtract(inputs, **kwargs):
    """Functional form of `keras.layers.Subtract`: `Subtract(**kwargs)(inputs)`.

    Args:
        inputs: a list of exactly two tensors of the same shape (up to broadcasting).
        **kwargs: the standard layer arguments.

    Returns:
        `inputs[0] - inputs[1]`.

    >>> a = keras.Input(shape=(8,))
    >>> b = keras.Input(shape=(8,))
    >>> keras.layers.subtract([a, b]).shape
    (None, 8)
    """
    return Subtract(**kwargs)(inputs)
