"""Overlap losses for segmentation: Dice and Tversky.

Both compare soft masks: `y_true` in [0, 1] and predicted probabilities `y_pred`,
summed over `axis` (None: over everything, one loss for the whole batch).
"""

import numbers

from keras import ops
from keras.backends.common import config
from keras.losses.loss import Loss
from keras.losses.loss import LossFunctionWrapper
from keras.losses.loss import float_pair


def _check_axis(axis):
    """None, an int or a tuple of ints (a list becomes a tuple)."""
    if axis is None:
        return None
    values = axis if isinstance(axis, (list, tuple)) else [axis]
    for value in values:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise ValueError(
                f"`axis` must be None, an int or a tuple of ints; got axis={axis!r}."
            )
    return tuple(int(v) for v in axis) if isinstance(axis, (list, tuple)) else int(axis)


def _check_coefficient(value, argument):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value < 0:
        raise ValueError(f"`{argument}` must be a non-negative number; got {value!r}.")
    return float(value)


def dice(y_true, y_pred, axis=None):
    """`1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + epsilon)`.

    Args:
        y_true: the target masks.
        y_pred: the predicted masks, same shape.
        axis: the axes summed over (None: all of them).

    Returns:
        The Dice loss: a scalar for `axis=None`, else the shape without `axis`.

    >>> keras.losses.dice([[1.0, 0.0]], [[0.5, 0.5]])  # 1 - 1 / 2 = 0.5
    """
    axis = _check_axis(axis)
    y_true, y_pred = float_pair(y_true, y_pred)
    intersection = ops.sum(y_true * y_pred, axis=axis)
    total = ops.sum(y_true, axis=axis) + ops.sum(y_pred, axis=axis)
    return 1.0 - 2.0 * intersection / (total + config.epsilon())


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """`1 - tp / (tp + alpha * a + beta * b + epsilon)`, the Tversky loss.

    With `tp = sum(y_true * y_pred)`, `a = sum(y_true * (1 - y_pred))` and
    `b = sum((1 - y_true) * y_pred)`, summed over `axis`; `alpha = beta = 0.5` gives
    the Dice loss.

    Args:
        y_true: the target masks.
        y_pred: the predicted masks, same shape.
        alpha: the weight of the `y_true * (1 - y_pred)` term.
        beta: the weight of the `(1 - y_true) * y_pred` term.
        axis: the axes summed over (None: all of them).

    >>> keras.losses.tversky([[1.0, 0.0]], [[0.5, 0.5]], alpha=0.5, beta=0.5)  # 0.5
    """
    axis = _check_axis(axis)
    y_true, y_pred = float_pair(y_true, y_pred)
    true_positive = ops.sum(y_true * y_pred, axis=axis)
    missed = ops.sum(y_true * (1.0 - y_pred), axis=axis)
    spurious = ops.sum((1.0 - y_true) * y_pred, axis=axis)
    denominator = true_positive + alpha * missed + beta * spurious + config.epsilon()
    return 1.0 - true_positive / denominator


class Dice(LossFunctionWrapper):
    """The Dice loss (see `dice`).

    Args:
        reduction: see `keras.Loss`.
        name: the name of the loss.
        axis: the axes summed over (None: all of them).
        dtype: the dtype of the computation.

    >>> keras.losses.Dice()([[1.0, 0.0]], [[0.5, 0.5]])  # 0.5
    """

    def __init__(
        self, reduction="sum_over_batch_size", name="dice", axis=None, dtype=None
    ):
        self.axis = _check_axis(axis)
        super().__init__(
            dice, name=name, reduction=reduction, dtype=dtype, axis=self.axis
        )

    def get_config(self):
        return {**Loss.get_config(self), "axis": self.axis}


class Tversky(LossFunctionWrapper):
    """The Tversky loss (see `tversky`).

    Args:
        alpha: the weight of the `y_true * (1 - y_pred)` term.
        beta: the weight of the `(1 - y_true) * y_pred` term.
        reduction: see `keras.Loss`.
        name: the name of the loss.
        axis: the axes summed over (None: all of them).
        dtype: the dtype of the computation.

    >>> keras.losses.Tversky(alpha=0.7, beta=0.3)([[1.0, 0.0]], [[0.5, 0.5]])
    """

    def __init__(
        self,
        alpha=0.5,
        beta=0.5,
        reduction="sum_over_batch_size",
        name="tversky",
        axis=None,
        dtype=None,
    ):
        self.alpha = _check_coefficient(alpha, "alpha")
        self.beta = _check_coefficient(beta, "beta")
        self.axis = _check_axis(axis)
        super().__init__(
            tversky,
            name=name,
            reduction=reduction,
            dtype=dtype,
            alpha=self.alpha,
            beta=self.beta,
            axis=self.axis,
        )

    def get_config(self):
        return {
            **Loss.get_config(self),
            "alpha": self.alpha,
            "beta": self.beta,
            "axis": self.axis,
        }
