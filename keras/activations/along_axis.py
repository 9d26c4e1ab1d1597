"""The activations that act along an axis: softmax, log_softmax, sparsemax and glu."""

import warnings

from keras import ops


def _warn_if_size_one(x, axis, name):
    """A normalization over an axis of size 1 always gives the same value."""
    shape = getattr(x, "shape", None)
    if shape is None or not isinstance(axis, int):
        return
    if not -len(shape) <= axis < len(shape):
        return
    if shape[axis] == 1:
        warnings.warn(
            f"{name} over axis {axis} of a tensor of shape {tuple(shape)}: that axis "
            "has size 1, so the result is constant. Did you mean sigmoid, or another "
            "axis?",
            stacklevel=3,
        )


def softmax(x, axis=-1):
    """`exp(x) / sum(exp(x))` along `axis`: turns logits into probabilities.

    Args:
        x: input tensor of logits.
        axis: the axis (or tuple of axes) to normalize over.

    Returns:
        A tensor of the shape of `x` whose entries along `axis` sum to 1.

    >>> keras.activations.softmax(keras.ops.array([[1.0, 1.0]]))  # [[0.5, 0.5]]
    """
    _warn_if_size_one(x, axis, "softmax")
    return ops.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    """`x - log(sum(exp(x)))` along `axis`: the log of softmax, computed stably.

    Args:
        x: input tensor of logits.
        axis: the axis to normalize over.

    Returns:
        A tensor of the shape of `x`.

    >>> keras.activations.log_softmax(keras.ops.array([0.0, 0.0]))  # [-0.6931] * 2
    """
    return ops.log_softmax(x, axis=axis)


def sparsemax(x, axis=-1):
    """The Euclidean projection of `x` onto the probability simplex along `axis`.

    Like softmax its entries sum to 1, but small logits get exactly 0.

    Args:
        x: input tensor of logits.
        axis: the axis to normalize over.

    Returns:
        A tensor of the shape of `x`.

    >>> keras.activations.sparsemax(keras.ops.array([3.0, 1.0, 0.0]))  # [1., 0., 0.]
    """
    return ops.sparsemax(x, axis=axis)


def glu(x, axis=-1):
    """Gated linear unit: `a * sigmoid(b)` where `a, b` are the halves of `x` on `axis`.

    Args:
        x: input tensor; its size along `axis` must be even.
        axis: the axis to split.

    Returns:
        A tensor of the shape of `x`, halved along `axis`.

    >>> keras.activations.glu(keras.ops.array([2.0, 0.0]))  # [1.0]
    """
    return ops.glu(x, axis=axis)
