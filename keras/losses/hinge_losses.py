"""Hinge losses for maximum-margin classification."""

from keras import ops
from keras.losses.loss import Loss
from keras.losses.loss import LossFunctionWrapper
from keras.losses.loss import float_pair
from keras.losses.loss import squeeze_or_expand_to_same_rank


def _signed_labels(y_true):
    """Labels in {-1, 1}: when every label is 0 or 1, they are mapped to -1 and 1."""
    binary = ops.all(ops.logical_or(ops.equal(y_true, 0), ops.equal(y_true, 1)))
    return ops.where(binary, 2.0 * y_true - 1.0, y_true)


def _margins(y_true, y_pred):
    y_true, y_pred = float_pair(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return ops.maximum(1.0 - _signed_labels(y_true) * y_pred, 0.0)


def hinge(y_true, y_pred):
    """`mean(maximum(1 - y_true * y_pred, 0), axis=-1)`.

    Args:
        y_true: labels in {-1, 1}; labels that are all 0 or 1 are mapped to -1 and 1.
        y_pred: the predicted scores.

    Returns:
        The loss of each sample: `y_pred`'s shape without its last axis.

    >>> keras.losses.hinge([[0.0, 1.0]], [[-0.5, 0.25]])  # [0.625]
    """
    return ops.mean(_margins(y_true, y_pred), axis=-1)


def squared_hinge(y_true, y_pred):
    """`mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)`.

    Labels that are all 0 or 1 are mapped to -1 and 1.

    >>> keras.losses.squared_hinge([[0.0, 1.0]], [[-0.5, 0.25]])  # [0.53125]
    """
    return ops.mean(ops.square(_margins(y_true, y_pred)), axis=-1)


def categorical_hinge(y_true, y_pred):
    """`maximum(neg - pos + 1, 0)` for one-hot labels.

    `pos = sum(y_true * y_pred)` is the score of the true class and
    `neg = max((1 - y_true) * y_pred)` the best score of the others, over the last axis.

    >>> keras.losses.categorical_hinge([[0.0, 1.0]], [[0.5, 0.25]])  # [1.25]
    """
    y_true, y_pred = float_pair(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    pos = ops.sum(y_true * y_pred, axis=-1)
    neg = ops.max((1.0 - y_true) * y_pred, axis=-1)
    return ops.maximum(neg - pos + 1.0, 0.0)


class Hinge(LossFunctionWrapper):
    """The hinge loss (see `hinge`).

    Args:
        reduction: see `keras.Loss`.
        name: the name of the loss.
        dtype: the dtype of the computation.

    >>> keras.losses.Hinge()([[0.0, 1.0]], [[-0.5, 0.25]])  # 0.625
    """

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class SquaredHinge(LossFunctionWrapper):
    """The squared hinge loss (see `squared_hinge`).

    >>> keras.losses.SquaredHinge()([[0.0, 1.0]], [[-0.5, 0.25]])  # 0.53125
    """

    def __init__(
        self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None
    ):
        super().__init__(squared_hinge, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class CategoricalHinge(LossFunctionWrapper):
    """The categorical hinge loss of one-hot labels (see `categorical_hinge`).

    >>> keras.losses.CategoricalHinge()([[0.0, 1.0]], [[0.5, 0.25]])  # 1.25
    """

    def __init__(
        self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None
    ):
        super().__init__(categorical_hinge, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
