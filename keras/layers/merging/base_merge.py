"""Merge: the base of the layers that combine a list of tensors element by element.

Shapes follow NumPy broadcasting on the non-batch dims: they must agree except where one
of them is 1 or unknown (None). An input of lower rank gets size-1 dims inserted right
after the batch dim, so `(batch, 4)` merges with `(batch, 3, 4)` as `(batch, 1, 4)`.

Masks: the output mask is the logical OR of the input masks, or None as soon as one
input has no mask (an unmasked input makes every position valid).
"""

from keras import ops
from keras.layers.layer import Layer


def _is_shape(value):
    return isinstance(value, (tuple, list)) and all(
        d is None or isinstance(d, int) for d in value
    )


def check_list_of_shapes(layer, input_shape):
    """Raises unless `input_shape` is a non-empty list of shapes (one per input)."""
    if (
        not isinstance(input_shape, (tuple, list))
        or not input_shape
        or not all(_is_shape(s) for s in input_shape)
        or _is_shape(input_shape)
    ):
        raise ValueError(
            f"A merge layer should be called on a list of inputs. Layer "
            f"'{layer.name}' ({type(layer).__name__}) received input_shape="
            f"{input_shape}; pass a list of tensors, e.g. layer([x1, x2])."
        )


def broadcast_shapes(shape1, shape2):
    """The broadcast of two shapes without their batch dim (right-aligned, as NumPy).

    Raises ValueError when two known sizes differ and neither is 1.
    """
    if len(shape1) < len(shape2):
        shape1, shape2 = shape2, shape1
    lead = len(shape1) - len(shape2)
    output = list(shape1[:lead])
    for i, j in zip(shape1[lead:], shape2):
        if i is None or j is None:
            output.append(None)
        elif i == 1:
            output.append(j)
        elif j == 1 or i == j:
            output.append(i)
        else:
            raise ValueError(
                "Inputs have incompatible shapes: the sizes must match except where "
                f"one is 1 or None. Received shapes {tuple(shape1)} and "
                f"{tuple(shape2)} (batch dim excluded)."
            )
    return tuple(output)


def expand_mask(mask, x):
    """`mask` (one rank below `x`, or the same rank) broadcast to the shape of `x`."""
    if len(mask.shape) < len(x.shape):
        mask = ops.expand_dims(mask, -1)
    # AND with all-True rather than broadcast_to: it also works on unknown (None) dims.
    return ops.logical_and(mask, ops.ones_like(x, dtype="bool"))


class Merge(Layer):
    """Base class of the element-wise merge layers (`Add`, `Average`, ...).

    Subclasses implement `_merge_function(inputs, masks)`, which receives the inputs
    with equal ranks and their masks (a list holding None for unmasked inputs).

    Args:
        **kwargs: the standard layer arguments (`name`, `dtype`, `trainable`).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def _merge_function(self, inputs, masks):
        raise NotImplementedError(
            f"{type(self).__name__} must implement `_merge_function(inputs, masks)`."
        )

    def _fold_valid(self, op_fn, inputs, masks):
        """Folds the binary `op_fn` over the inputs, leaving masked-out entries out.

        For ops without an identity element (maximum, minimum): where only one side
        of a step is valid its value is used on both sides, so it passes through.
        """
        output = inputs[0]
        output_mask = None if masks[0] is None else expand_mask(masks[0], output)
        for x, mask in zip(inputs[1:], masks[1:]):
            if mask is not None:
                mask = expand_mask(mask, x)
                x = ops.where(mask, x, output)
            if output_mask is not None:
                output = ops.where(output_mask, output, x)
            if mask is not None and output_mask is not None:
                output_mask = ops.logical_or(output_mask, mask)
            else:
                output_mask = None
            output = op_fn(output, x)
        return output

    def build(self, input_shape):
        # Only validates: the merge layers have no weights.
        self.compute_output_shape(input_shape)

    def call(self, inputs, mask=None):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A merge layer should be called on a list of inputs. Layer "
                f"'{self.name}' received a single {type(inputs).__name__}."
            )
        masks = _mask_list(mask, len(inputs))
        ranks = [len(x.shape) for x in inputs]
        rank = max(ranks)
        aligned = []
        for x, x_rank in zip(inputs, ranks):
            # Insert size-1 dims after the batch dim: (batch, d) -> (batch, 1, d).
            for _ in range(rank - x_rank):
                x = ops.expand_dims(x, 1)
            aligned.append(x)
        return self._merge_function(aligned, masks)

    def compute_output_shape(self, input_shape):
        check_list_of_shapes(self, input_shape)
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(
                f"Cannot merge tensors with different batch sizes in layer "
                f"'{self.name}'. Received input shapes {list(input_shape)}."
            )
        output = tuple(input_shape[0][1:])
        for shape in input_shape[1:]:
            output = broadcast_shapes(output, tuple(shape[1:]))
        batch = batch_sizes.pop() if batch_sizes else None
        return (batch,) + output

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"`inputs` should be a list of tensors. Received: inputs={inputs}"
            )
        masks = _mask_list(mask, len(inputs))
        if any(m is None for m in masks):
            return None
        output = masks[0]
        for m in masks[1:]:
            output = ops.logical_or(output, m)
        return output


def _mask_list(mask, count):
    """The masks as a list of `count` entries (None for unmasked inputs)."""
    if mask is None:
        return [None] * count
    if not isinstance(mask, (list, tuple)):
        mask = [mask]
    if len(mask) != count:
        raise ValueError(
            f"`mask` should be a list with one entry per input: got {len(mask)} "
            f"masks for {count} inputs."
        )
    return list(mask)
