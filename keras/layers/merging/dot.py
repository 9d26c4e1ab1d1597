"""Dot: the per-sample dot product of two tensors along given axes."""

import string

from keras import ops
from keras.layers.merging.base_merge import Merge


def _check_axes(axes):
    if isinstance(axes, bool) or not isinstance(axes, (int, list, tuple)):
        raise TypeError(
            "Invalid type for argument `axes`: expected an int or a list/tuple of two "
            f"ints. Received: axes={axes!r}"
        )
    if isinstance(axes, (list, tuple)):
        if len(axes) != 2:
            raise ValueError(
                "Invalid format for argument `axes`: a list/tuple must hold two ints "
                f"(one axis per input). Received: axes={axes!r}"
            )
        if not all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
            raise ValueError(
                "Invalid format for argument `axes`: the elements must be ints. "
                f"Received: axes={axes!r}"
            )


def batch_dot(x1, x2, axes):
    """Contracts axis `axes[0]` of `x1` with axis `axes[1]` of `x2`, sample by sample.

    `axes` holds non-negative axes (not 0, the batch axis). The result has the dims of
    `x1` without the contracted one, then those of `x2` without its batch and contracted
    dims, e.g. (b, m, k) . (b, k, n) -> (b, m, n); a rank-1 result becomes (b, 1).
    """
    letters = iter(string.ascii_letters[2:])
    sub1 = ["a"] + [next(letters) for _ in range(len(x1.shape) - 1)]
    sub2 = ["a"] + [next(letters) for _ in range(len(x2.shape) - 1)]
    sub2[axes[1]] = "b"
    sub1[axes[0]] = "b"
    out = sub1[:axes[0]] + sub1[axes[0] + 1 :]
    out += [s for i, s in enumerate(sub2) if i not in (0, axes[1])]
    output = ops.einsum(f"{''.join(sub1)},{''.join(sub2)}->{''.join(out)}", x1, x2)
    if len(out) == 1:
        output = ops.expand_dims(output, -1)
    return output


class Dot(Merge):
    """Computes the per-sample dot product of two tensors.

    Takes a list `[x1, x2]` and contracts axis `axes[0]` of `x1` with axis `axes[1]` of
    `x2` (their sizes must match), independently for each sample of the batch. The
    output has the remaining dims of `x1`, then those of `x2`; e.g. `(b, m, k)` with
    `(b, k, n)` and `axes=(2, 1)` gives `(b, m, n)`, and two `(b, d)` inputs with
    `axes=1` give `(b, 1)`.

    >>> x1 = np.arange(6.0).reshape(2, 3)
    >>> x2 = np.ones((2, 3))
    >>> keras.ops.convert_to_numpy(keras.layers.Dot(axes=1)([x1, x2]))
    array([[ 3.],
           [12.]], dtype=float32)

    Args:
        axes: an int (the same axis of both inputs) or a list/tuple of two ints (one
            axis per input); negative axes count from the end. Never the batch axis 0.
        normalize: whether to L2-normalize both inputs along the contracted axes first,
            so that the output is the cosine similarity of the samples.
        **kwargs: the standard layer arguments (`name`, `dtype`, `trainable`).
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        _check_axes(axes)
        self.axes = axes
        self.normalize = normalize

    def _axes_for(self, shape1, shape2):
        axes = (self.axes, self.axes) if isinstance(self.axes, int) else self.axes
        result = []
        for axis, shape, which in zip(axes, (shape1, shape2), ("first", "second")):
            rank = len(shape)
            if not -rank <= axis < rank:
                raise ValueError(
                    f"Dot layer '{self.name}': axis {axis} is out of range for the "
                    f"{which} input, of shape {tuple(shape)}."
                )
            if axis % rank == 0:
                raise ValueError(
                    f"Dot layer '{self.name}': cannot take the dot product over the "
                    f"batch axis 0 (axes={self.axes}, input shape {tuple(shape)}); "
                    "add a batch dim with keras.ops.expand_dims(x, 0) if the inputs "
                    "are not batched."
                )
            result.append(axis % rank)
        return result

    def _check_two(self, input_shape):
        if (
            not isinstance(input_shape, (list, tuple))
            or len(input_shape) != 2
            or not all(isinstance(s, (list, tuple)) for s in input_shape)
        ):
            raise ValueError(
                f"A `Dot` layer should be called on a list of 2 inputs; layer "
                f"'{self.name}' received input_shape={input_shape}."
            )
        for shape in input_shape:
            if len(shape) < 2:
                raise ValueError(
                    f"A `Dot` layer needs 2 inputs of rank >= 2 (batch dim included); "
                    f"layer '{self.name}' received input_shape={input_shape}."
                )

    def build(self, input_shape):
        # Only validates: the layer has no weights.
        self.compute_output_shape(input_shape)

    def call(self, inputs, mask=None):
        if not isinstance(inputs, (list, tuple)) or len(inputs) != 2:
            raise ValueError(
                f"A `Dot` layer should be called on exactly 2 inputs; layer "
                f"'{self.name}' received {inputs!r}."
            )
        x1, x2 = inputs
        axes = self._axes_for(x1.shape, x2.shape)
        if self.normalize:
            x1 = ops.normalize(x1, axis=axes[0], order=2)
            x2 = ops.normalize(x2, axis=axes[1], order=2)
        return batch_dot(x1, x2, axes)

    def compute_output_shape(self, input_shape):
        self._check_two(input_shape)
        shape1, shape2 = (list(s) for s in input_shape)
        axis1, axis2 = self._axes_for(shape1, shape2)
        size1, size2 = shape1[axis1], shape2[axis2]
        if size1 is not None and size2 is not None and size1 != size2:
            raise ValueError(
                f"Dot layer '{self.name}': incompatible input shapes: size {size1} "
                f"(axis {axis1} of the first input) != size {size2} (axis {axis2} of "
                f"the second input). Full input shapes: {tuple(shape1)}, "
                f"{tuple(shape2)}."
            )
        batch1, batch2 = shape1[0], shape2[0]
        if batch1 is not None and batch2 is not None and batch1 != batch2:
            raise ValueError(
                f"Dot layer '{self.name}': the inputs have different batch sizes: "
                f"{tuple(shape1)} and {tuple(shape2)}."
            )
        del shape1[axis1]
        del shape2[axis2]
        output = shape1 + shape2[1:]
        if len(output) == 1:
            output.append(1)
        return tuple(output)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        config = super().get_config()
        config.update({"axes": self.axes, "normalize": self.normalize})
        return config


def dot(inputs, axes=-1, **kwargs):
    """Functional form of `keras.layers.Dot`: `Dot(axes=axes, **kwargs)(inputs)`.

    Args:
        inputs: a list of two tensors.
        axes: the axis (int) or the pair of axes (one per input) to contract.
        **kwargs: `normalize` and the standard layer arguments.

    Returns:
        The per-sample dot product of the two inputs.

    >>> a = keras.Input(shape=(8,))
    >>> b = keras.Input(shape=(8,))
    >>> keras.layers.dot([a, b], axes=1).shape
    (None, 1)
    """
    return Dot(axes=axes, **kwargs)(inputs)
