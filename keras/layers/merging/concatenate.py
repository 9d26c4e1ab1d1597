"""Concatenate: joins a list of tensors along one axis."""

from keras import ops
from keras.layers.merging.base_merge import Merge
from keras.layers.merging.base_merge import check_list_of_shapes
from keras.layers.merging.base_merge import expand_mask


class Concatenate(Merge):
    """Concatenates a list of tensors along `axis`.

    The inputs must have the same rank and the same sizes on every axis but `axis`
    (unknown sizes, None, match anything).

    Masks: an unmasked input counts as fully valid; each mask is broadcast to its
    input's shape, the masks are concatenated along `axis`, and the output mask is True
    where any entry along the last axis is.

    >>> x = np.zeros((2, 2, 5))
    >>> y = np.ones((2, 1, 5))
    >>> keras.layers.Concatenate(axis=1)([x, y]).shape
    (2, 3, 5)

    Args:
        axis: the axis to concatenate along (negative counts from the end).
        **kwargs: the standard layer arguments (`name`, `dtype`, `trainable`).
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def build(self, input_shape):
        # Only validates: the layer has no weights.
        self.compute_output_shape(input_shape)

    def call(self, inputs, mask=None):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A `Concatenate` layer should be called on a list of inputs; layer "
                f"'{self.name}' received a single {type(inputs).__name__}."
            )
        return ops.concatenate(list(inputs), axis=self.axis)

    def _concat_axis(self, input_shape):
        rank = len(input_shape[0])
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Concatenate layer '{self.name}': `axis`={self.axis} is out of range "
                f"for inputs of rank {rank} (input_shape={list(input_shape)})."
            )
        return self.axis % rank

    def compute_output_shape(self, input_shape):
        check_list_of_shapes(self, input_shape)
        ranks = {len(s) for s in input_shape}
        error = (
            "A `Concatenate` layer requires inputs with matching shapes except for "
            f"the concatenation axis (axis={self.axis}). Layer '{self.name}' received "
            f"input_shape={[tuple(s) for s in input_shape]}"
        )
        if len(ranks) != 1:
            raise ValueError(f"{error}: the ranks differ.")
        axis = self._concat_axis(input_shape)
        output = list(input_shape[0])
        for dim in range(len(output)):
            if dim == axis:
                continue
            known = {s[dim] for s in input_shape} - {None}
            if len(known) > 1:
                raise ValueError(f"{error}: the sizes on axis {dim} differ.")
            output[dim] = known.pop() if known else None
        sizes = [s[axis] for s in input_shape]
        output[axis] = None if None in sizes else sum(sizes)
        return tuple(output)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"`inputs` should be a list of tensors. Received: inputs={inputs}"
            )
        if not isinstance(mask, (list, tuple)):
            mask = [mask]
        if len(mask) != len(inputs):
            raise ValueError(
                f"`mask` should be a list with one entry per input: got {len(mask)} "
                f"masks for {len(inputs)} inputs."
            )
        if all(m is None for m in mask):
            return None
        full = []
        for x, m in zip(inputs, mask):
            if m is None:
                full.append(ops.ones_like(x, dtype="bool"))
            else:
                full.append(expand_mask(m, x))
        return ops.any(ops.concatenate(full, axis=self.axis), axis=-1)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config


def concatenate(inputs, axis=-1, **kwargs):
    """Functional form of `keras.layers.Concatenate`.

    Args:
        inputs: a list of tensors of the same shape except along `axis`.
        axis: the axis to concatenate along.
        **kwargs: the standard layer arguments.

    Returns:
        The concatenation of the inputs along `axis`.

    >>> a = keras.Input(shape=(4, 3))
    >>> b = keras.Input(shape=(4, 5))
    >>> keras.layers.concatenate([a, b]).shape
    (None, 4, 8)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
