"""Multiply: the element-wise product of a list of tensors."""

from keras import ops
from keras.layers.merging.base_merge import Merge
from keras.layers.merging.base_merge import expand_mask


class Multiply(Merge):
    """Multiplies a list of tensors element-wise.

    The inputs must have the same shape, up to broadcasting (sizes of 1 or None); the
    output has the broadcast shape. With masks, a masked-out entry counts as 1 (it does
    not take part in the product); when every input is masked, the entries that are
    masked out in all of them are 0.

    >>> x1 = np.full((2, 3), 2.0)
    >>> x2 = np.full((2, 3), 3.0)
    >>> keras.ops.convert_to_numpy(keras.layers.Multiply()([x1, x2]))[0]
    array([6., 6., 6.], dtype=float32)

    Args:
        **kwargs: the standard layer arguments (`name`, `dtype`, `trainable`).
    """

    def _merge_function(self, inputs, masks):
        all_masked = all(m is not None for m in masks)
        output = None
        output_mask = None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = expand_mask(mask, x)
                x = ops.where(mask, x, ops.ones_like(x))
                if all_masked:
                    if output_mask is not None:
                        mask = ops.logical_or(output_mask, mask)
                    output_mask = mask
            output = x if output is None else ops.multiply(output, x)
        if all_masked:
            output = ops.where(output_mask, output, ops.zeros_like(output))
        return output


def multiply(inputs, **kwargs):
    """Functional form of `keras.layers.Multiply`: `Multiply(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors of the same shape (up to broadcasting).
        **kwargs: the standard layer arguments.

    Returns:
        The element-wise product of the inputs.

    >>> a = keras.Input(shape=(8,))
    >>> b = keras.Input(shape=(8,))
    >>> keras.layers.multiply([a, b]).shape
    (None, 8)
    """
    return Multiply(**kwargs)(inputs)
