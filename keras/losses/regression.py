"""Regression losses: squared, absolute, percentage and logarithmic errors, Huber,
log-cosh and cosine similarity.

Each function returns one loss per sample: the mean (or, for cosine similarity, the
sum) over the last axis of `y_pred`.
"""

import math
import numbers

from keras import ops
from keras.backends.common import config
from keras.losses.loss import Loss
from keras.losses.loss import LossFunctionWrapper
from keras.losses.loss import float_pair
from keras.losses.loss import squeeze_or_expand_to_same_rank


def _aligned(y_true, y_pred):
    y_true, y_pred = float_pair(y_true, y_pred)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def mean_squared_error(y_true, y_pred):
    """`mean(square(y_true - y_pred), axis=-1)`.

    Args:
        y_true: the targets, (batch, ..., d).
        y_pred: the predictions, same shape.

    Returns:
        The loss of each sample, (batch, ...).

    >>> keras.losses.mean_squared_error([[0.0, 1.0]], [[1.0, 3.0]])  # [2.5]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """`mean(abs(y_true - y_pred), axis=-1)`.

    >>> keras.losses.mean_absolute_error([[0.0, 1.0]], [[1.0, 3.0]])  # [1.5]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    return ops.mean(ops.abs(y_true - y_pred), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    """`100 * mean(abs((y_true - y_pred) / max(abs(y_true), epsilon)), axis=-1)`.

    >>> keras.losses.mean_absolute_percentage_error([[2.0, 4.0]], [[1.0, 5.0]])
    ... # [37.5]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    scale = ops.maximum(ops.abs(y_true), config.epsilon())
    return 100.0 * ops.mean(ops.abs((y_true - y_pred) / scale), axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    """`mean(square(log(1 + y_pred) - log(1 + y_true)), axis=-1)`.

    Values below epsilon are raised to epsilon before the logarithm.

    >>> keras.losses.mean_squared_logarithmic_error([[0.0, 1.0]], [[1.0, 1.0]])
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    epsilon = config.epsilon()
    log_pred = ops.log(ops.maximum(y_pred, epsilon) + 1.0)
    log_true = ops.log(ops.maximum(y_true, epsilon) + 1.0)
    return ops.mean(ops.square(log_pred - log_true), axis=-1)


def cosine_similarity(y_true, y_pred, axis=-1):
    """The negated cosine similarity of `y_true` and `y_pred` along `axis`.

    The loss is -1 for vectors pointing the same way, 1 for opposite ones and 0 when
    either is zero.

    Args:
        y_true: the targets.
        y_pred: the predictions.
        axis: the axis holding the vectors.

    >>> keras.losses.cosine_similarity([[0.0, 1.0]], [[0.0, 2.0]])  # [-1.0]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    y_true = ops.normalize(y_true, axis=axis)
    y_pred = ops.normalize(y_pred, axis=axis)
    return -ops.sum(y_true * y_pred, axis=axis)


def huber(y_true, y_pred, delta=1.0):
    """The Huber loss: quadratic for errors up to `delta`, linear beyond, averaged.

    Per element, `0.5 * e**2` where `|e| <= delta`, else `delta * |e| - 0.5 * delta**2`,
    with `e = y_pred - y_true`; then the mean over the last axis.

    >>> keras.losses.huber([[0.0, 0.0]], [[0.5, 3.0]])  # [(0.125 + 2.5) / 2]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    delta = ops.cast(delta, y_pred.dtype)
    error = y_pred - y_true
    abs_error = ops.abs(error)
    quadratic = 0.5 * ops.square(error)
    linear = delta * abs_error - 0.5 * ops.square(delta)
    return ops.mean(ops.where(abs_error <= delta, quadratic, linear), axis=-1)


def log_cosh(y_true, y_pred):
    """`mean(log(cosh(y_pred - y_true)), axis=-1)`, computed without overflow.

    >>> keras.losses.log_cosh([[0.0, 0.0]], [[1.0, -1.0]])  # [0.4338]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    x = y_pred - y_true
    # log(cosh(x)) = x + log(1 + exp(-2x)) - log(2); softplus keeps it finite.
    return ops.mean(x + ops.softplus(-2.0 * x) - math.log(2.0), axis=-1)


def _check_delta(delta):
    if (
        isinstance(delta, bool)
        or not isinstance(delta, numbers.Real)
        or not math.isfinite(delta)
        or delta < 0
    ):
        raise ValueError(
            f"`delta` must be a non-negative finite number; got delta={delta!r}."
        )
    return float(delta)


class MeanSquaredError(LossFunctionWrapper):
    """The mean of squared errors over the last axis (see `mean_squared_error`).

    Args:
        reduction: see `keras.Loss`.
        name: the name of the loss.
        dtype: the dtype of the computation.

    >>> keras.losses.MeanSquaredError()([[0.0, 1.0]], [[1.0, 3.0]])  # 2.5
    """

    def __init__(
        self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None
    ):
        super().__init__(
            mean_squared_error, name=name, reduction=reduction, dtype=dtype
        )

    def get_config(self):
        return Loss.get_config(self)


class MeanAbsoluteError(LossFunctionWrapper):
    """The mean of absolute errors over the last axis (see `mean_absolute_error`).

    >>> keras.losses.MeanAbsoluteError()([[0.0, 1.0]], [[1.0, 3.0]])  # 1.5
    """

    def __init__(
        self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None
    ):
        super().__init__(
            mean_absolute_error, name=name, reduction=reduction, dtype=dtype
        )

    def get_config(self):
        return Loss.get_config(self)


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """The mean absolute percentage error (see `mean_absolute_percentage_error`).

    >>> keras.losses.MeanAbsolutePercentageError()([[2.0, 4.0]], [[1.0, 5.0]])  # 37.5
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="mean_absolute_percentage_error",
        dtype=None,
    ):
        super().__init__(
            mean_absolute_percentage_error, name=name, reduction=reduction, dtype=dtype
        )

    def get_config(self):
        return Loss.get_config(self)


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """The mean squared logarithmic error (see `mean_squared_logarithmic_error`).

    >>> keras.losses.MeanSquaredLogarithmicError()([[0.0, 1.0]], [[1.0, 1.0]])
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="mean_squared_logarithmic_error",
        dtype=None,
    ):
        super().__init__(
            mean_squared_logarithmic_error, name=name, reduction=reduction, dtype=dtype
        )

    def get_config(self):
        return Loss.get_config(self)


class CosineSimilarity(LossFunctionWrapper):
    """The negated cosine similarity along `axis` (see `cosine_similarity`).

    Args:
        axis: the axis holding the vectors.
        reduction: see `keras.Loss`.
        name: the name of the loss.
        dtype: the dtype of the computation.

    >>> keras.losses.CosineSimilarity()([[0.0, 1.0]], [[0.0, 2.0]])  # -1.0
    """

    def __init__(
        self,
        axis=-1,
        reduction="sum_over_batch_size",
        name="cosine_similarity",
        dtype=None,
    ):
        super().__init__(
            cosine_similarity, name=name, reduction=reduction, dtype=dtype, axis=axis
        )
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "axis": self.axis}


class Huber(LossFunctionWrapper):
    """The Huber loss with threshold `delta` (see `huber`).

    Args:
        delta: where the loss turns from quadratic to linear; non-negative.
        reduction: see `keras.Loss`.
        name: the name of the loss.
        dtype: the dtype of the computation.

    >>> keras.losses.Huber(delta=1.0)([[0.0, 0.0]], [[0.5, 3.0]])  # 1.3125
    """

    def __init__(
        self,
        delta=1.0,
        reduction="sum_over_batch_size",
        name="huber_loss",
        dtype=None,
    ):
        delta = _check_delta(delta)
        super().__init__(
            huber, name=name, reduction=reduction, dtype=dtype, delta=delta
        )
        self.delta = delta

    def get_config(self):
        return {**Loss.get_config(self), "delta": self.delta}


class LogCosh(LossFunctionWrapper):
    """The mean logarithm of the hyperbolic cosine of the error (see `log_cosh`).

    >>> keras.losses.LogCosh()([[0.0, 0.0]], [[1.0, -1.0]])  # 0.4338
    """

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
