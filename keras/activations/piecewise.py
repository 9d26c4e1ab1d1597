"""The piecewise-linear activations (and the piecewise-quadratic sparse_plus).

Each is a plain function of a tensor (eager or symbolic) built from keras.ops.
"""

from keras import ops


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit, optionally leaky, capped and shifted.

    Computes `min(x, max_value)` where `x >= threshold`, and
    `negative_slope * (x - threshold)` below it; the defaults give `max(x, 0)`.

    Args:
        x: input tensor.
        negative_slope: the slope below the threshold.
        max_value: the cap of the result; None for no cap.
        threshold: where the activation switches from the negative slope to x.

    Returns:
        A tensor of the shape of `x`.

    >>> keras.activations.relu(keras.ops.array([-2.0, 0.5, 8.0]), max_value=6.0)
    # [0.0, 0.5, 6.0]
    """
    if threshold == 0:
        positive = ops.relu(x)
    else:
        positive = ops.where(ops.greater(x, threshold), x, ops.zeros_like(x))
    if max_value is not None:
        positive = ops.minimum(positive, ops.cast(max_value, positive.dtype))
    if negative_slope == 0:
        return positive
    negative = ops.relu(ops.subtract(threshold, x))
    return ops.subtract(positive, ops.multiply(negative_slope, negative))


def leaky_relu(x, negative_slope=0.2):
    """`x` for positive `x`, `negative_slope * x` otherwise.

    >>> keras.activations.leaky_relu(keras.ops.array([-1.0, 2.0]))  # [-0.2, 2.0]
    """
    return ops.leaky_relu(x, negative_slope=negative_slope)


def relu6(x):
    """`min(max(x, 0), 6)`.

    >>> keras.activations.relu6(keras.ops.array([-1.0, 3.0, 9.0]))  # [0.0, 3.0, 6.0]
    """
    return ops.relu6(x)


def threshold(x, threshold, default_value):
    """`x` where `x > threshold`, `default_value` elsewhere.

    >>> keras.activations.threshold(keras.ops.array([0.5, 2.0]), 1.0, -1.0)
    # [-1.0, 2.0]
    """
    return ops.threshold(x, threshold, default_value)


def hard_sigmoid(x):
    """A piecewise-linear sigmoid: 0 below -3, 1 above 3, `x / 6 + 0.5` between.

    >>> keras.activations.hard_sigmoid(keras.ops.array([-4.0, 0.0, 4.0]))  # [0, .5, 1]
    """
    return ops.hard_sigmoid(x)


def hard_silu(x):
    """`x * hard_sigmoid(x)`: a piecewise approximation of silu (hard swish).

    >>> keras.activations.hard_silu(keras.ops.array([-4.0, 1.0, 4.0]))
    # [0.0, 0.6667, 4.0]
    """
    return ops.hard_silu(x)


hard_swish = hard_silu


def hard_tanh(x):
    """`x` clipped to [-1, 1].

    >>> keras.activations.hard_tanh(keras.ops.array([-2.0, 0.5]))  # [-1.0, 0.5]
    """
    return ops.hard_tanh(x)


def hard_shrink(x, threshold=0.5):
    """`x` where `|x| > threshold`, 0 elsewhere.

    >>> keras.activations.hard_shrink(keras.ops.array([-1.0, 0.2]))  # [-1.0, 0.0]
    """
    return ops.hard_shrink(x, threshold=threshold)


def soft_shrink(x, threshold=0.5):
    """`x` moved `threshold` towards 0, and 0 where `|x| <= threshold`.

    >>> keras.activations.soft_shrink(keras.ops.array([-1.0, 0.2]))  # [-0.5, 0.0]
    """
    return ops.soft_shrink(x, threshold=threshold)


def sparse_plus(x):
    """A smooth relu that is exact outside [-1, 1]: 0, `(x + 1)² / 4`, then `x`.

    >>> keras.activations.sparse_plus(keras.ops.array([-2.0, 0.0, 2.0]))
    # [0.0, 0.25, 2.0]
    """
    return ops.sparse_plus(x)


def sparse_sigmoid(x):
    """A piecewise-linear sigmoid: 0 below -1, 1 above 1, `(x + 1) / 2` between.

    >>> keras.activations.sparse_sigmoid(keras.ops.array([-2.0, 0.0, 2.0]))
    # [0.0, 0.5, 1.0]
    """
    return ops.sparse_sigmoid(x)


def linear(x):
    """The identity: returns `x` unchanged (the activation of "no activation").

    >>> keras.activations.linear(keras.ops.array([-1.0, 2.0]))  # [-1.0, 2.0]
    """
    return x
