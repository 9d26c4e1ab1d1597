"""Regression metrics: mean errors, root mean squared error, cosine similarity."""

from keras import ops
from keras.metrics import loss_functions
from keras.metrics import weighting
from keras.metrics.reduction_metrics import Mean
from keras.metrics.reduction_metrics import MeanMetricWrapper


def cosine_similarity(y_true, y_pred, axis=-1):
    """`sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)`: 1 for parallel
    vectors, -1 for opposite ones."""
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), y_pred.dtype)
    y_true, y_pred = weighting.squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_true = ops.normalize(y_true, axis=axis)
    y_pred = ops.normalize(y_pred, axis=axis)
    return ops.sum(y_true * y_pred, axis=axis)


class _LossMean(MeanMetricWrapper):
    """A MeanMetricWrapper of a fixed loss function, configured by name and dtype."""

    _loss = None

    def __init__(self, name, dtype=None):
        super().__init__(type(self)._loss, name=name, dtype=dtype)
        self._direction = "down"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class MeanSquaredError(_LossMean):
    """The mean of `square(y_true - y_pred)`.

    >>> m = keras.metrics.MeanSquaredError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]]); m.result()  # 0.25
    """

    _loss = staticmethod(loss_functions.mean_squared_error)

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)


class MeanAbsoluteError(_LossMean):
    """The mean of `abs(y_true - y_pred)`."""

    _loss = staticmethod(loss_functions.mean_absolute_error)

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(name=name, dtype=dtype)


class MeanAbsolutePercentageError(_LossMean):
    """The mean of `100 * abs((y_true - y_pred) / y_true)`."""

    _loss = staticmethod(loss_functions.mean_absolute_percentage_error)

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(name=name, dtype=dtype)


class MeanSquaredLogarithmicError(_LossMean):
    """The mean of `square(log(y_true + 1) - log(y_pred + 1))`."""

    _loss = staticmethod(loss_functions.mean_squared_logarithmic_error)

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(name=name, dtype=dtype)


class LogCoshError(_LossMean):
    """The mean of `log(cosh(y_pred - y_true))`."""

    _loss = staticmethod(loss_functions.log_cosh)

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(name=name, dtype=dtype)


class CosineSimilarity(MeanMetricWrapper):
    """The mean cosine similarity between labels and predictions along `axis`.

    Args:
        name: the name of the metric.
        dtype: the dtype of the result.
        axis: the axis along which vectors are compared.

    >>> m = keras.metrics.CosineSimilarity(axis=1)
    >>> m.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]]); m.result()
    0.5
    """

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(cosine_similarity, name=name, dtype=dtype, axis=axis)
        self.axis = axis
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}


class RootMeanSquaredError(Mean):
    """`sqrt` of the (weighted) mean of `square(y_true - y_pred)` over all entries.

    >>> m = keras.metrics.RootMeanSquaredError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]]); m.result()  # 0.5
    """

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = ops.cast(ops.convert_to_tensor(y_pred), self.dtype)
        y_true = ops.cast(ops.convert_to_tensor(y_true), self.dtype)
        y_true, y_pred = weighting.squeeze_or_expand_to_same_rank(y_true, y_pred)
        squared_error = ops.square(y_pred - y_true)
        return super().update_state(squared_error, sample_weight=sample_weight)

    def result(self):
        return ops.sqrt(ops.divide_no_nan(self.total.value, self.count.value))
