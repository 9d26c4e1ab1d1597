"""Pearson and concordance correlation between labels and predictions."""

from keras import ops
from keras.backends.common import config
from keras.metrics import weighting
from keras.metrics.reduction_metrics import MeanMetricWrapper


def _align(y_true, y_pred):
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), y_pred.dtype)
    return weighting.squeeze_or_expand_to_same_rank(y_true, y_pred)


def pearson_correlation(y_true, y_pred, axis=-1):
    """The Pearson correlation coefficient of `y_true` and `y_pred` along `axis`.

    `mean(z(y_true) * z(y_pred))` where `z` centers and scales to unit standard
    deviation along `axis`.

    >>> keras.metrics.pearson_correlation([[0, 1, 0.5], [1, 1, 0.2]],
    ...                                   [[0.1, 0.9, 0.5], [1, 0.9, 0.2]])
    [1.0, 0.99339927]
    """
    y_true, y_pred = _align(y_true, y_pred)
    true_centered = y_true - ops.mean(y_true, axis=axis, keepdims=True)
    pred_centered = y_pred - ops.mean(y_pred, axis=axis, keepdims=True)
    true_z = true_centered / ops.std(true_centered, axis=axis, keepdims=True)
    pred_z = pred_centered / ops.std(pred_centered, axis=axis, keepdims=True)
    return ops.mean(true_z * pred_z, axis=axis)


def concordance_correlation(y_true, y_pred, axis=-1):
    """Lin's concordance correlation coefficient of `y_true` and `y_pred` along `axis`:

    `2 cov(t, p) / (var(t) + var(p) + (mean(t) - mean(p))**2)`.

    >>> keras.metrics.concordance_correlation([[0, 1, 0.5], [1, 1, 0.2]],
    ...                                       [[0.1, 0.9, 0.5], [1, 0.9, 0.2]])
    [0.97560976, 0.98765432]
    """
    y_true, y_pred = _align(y_true, y_pred)
    true_mean = ops.mean(y_true, axis=axis, keepdims=True)
    pred_mean = ops.mean(y_pred, axis=axis, keepdims=True)
    true_var = ops.var(y_true, axis=axis, keepdims=True)
    pred_var = ops.var(y_pred, axis=axis, keepdims=True)
    covariance_terms = 2.0 * (y_true - true_mean) * (y_pred - pred_mean)
    denominator = true_var + pred_var + ops.square(true_mean - pred_mean)
    return ops.mean(covariance_terms / (denominator + config.epsilon()), axis=axis)


class PearsonCorrelation(MeanMetricWrapper):
    """The mean Pearson correlation coefficient, computed along `axis` per sample.

    Args:
        name: the name of the metric.
        dtype: the dtype of the result.
        axis: the axis along which the correlation is computed.
    """

    def __init__(self, name="pearson_correlation", dtype=None, axis=-1):
        super().__init__(pearson_correlation, name=name, dtype=dtype, axis=axis)
        self.axis = axis
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}


class ConcordanceCorrelation(MeanMetricWrapper):
    """The mean concordance correlation coefficient, computed along `axis` per sample.

    Args:
        name: the name of the metric.
        dtype: the dtype of the result.
        axis: the axis along which the coefficient is computed.

    >>> m = keras.metrics.ConcordanceCorrelation(axis=-1)
    >>> m.update_state([[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]])
    >>> m.result()  # 0.98163205
    """

    def __init__(self, name="concordance_correlation", dtype=None, axis=-1):
        super().__init__(concordance_correlation, name=name, dtype=dtype, axis=axis)
        self.axis = axis
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}
