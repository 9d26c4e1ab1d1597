"""Losses between distributions and counts: Kullback-Leibler divergence and Poisson."""

from keras import ops
from keras.backends.common import config
from keras.losses.loss import Loss
from keras.losses.loss import LossFunctionWrapper
from keras.losses.loss import float_pair
from keras.losses.loss import squeeze_or_expand_to_same_rank


def kl_divergence(y_true, y_pred):
    """`sum(y_true * log(y_true / y_pred), axis=-1)`, both clipped to [epsilon, 1].

    Args:
        y_true: the target distributions.
        y_pred: the predicted distributions, same shape.

    Returns:
        The loss of each sample: `y_pred`'s shape without its last axis.

    >>> keras.losses.kl_divergence([[0.5, 0.5]], [[0.25, 0.75]])  # [0.1438]
    """
    y_true, y_pred = float_pair(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    epsilon = config.epsilon()
    y_true = ops.clip(y_true, epsilon, 1.0)
    y_pred = ops.clip(y_pred, epsilon, 1.0)
    return ops.sum(y_true * ops.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    """`mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)`.

    The negative log-likelihood of counts `y_true` under Poisson rates `y_pred`, up
    to a term that does not depend on `y_pred`.

    >>> keras.losses.poisson([[1.0, 2.0]], [[1.0, 1.0]])  # [1.0]
    """
    y_true, y_pred = float_pair(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return ops.mean(y_pred - y_true * ops.log(y_pred + config.epsilon()), axis=-1)


class KLDivergence(LossFunctionWrapper):
    """The Kullback-Leibler divergence of `y_pred` from `y_true` (see `kl_divergence`).

    Args:
        reduction: see `keras.Loss`.
        name: the name of the loss.
        dtype: the dtype of the computation.

    >>> keras.losses.KLDivergence()([[0.5, 0.5]], [[0.25, 0.75]])  # 0.1438
    """

    def __init__(
        self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None
    ):
        super().__init__(kl_divergence, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class Poisson(LossFunctionWrapper):
    """The Poisson loss of rates `y_pred` for counts `y_true` (see `poisson`).

    >>> keras.losses.Poisson()([[1.0, 2.0]], [[1.0, 1.0]])  # 1.0
    """

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
