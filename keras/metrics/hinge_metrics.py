"""Metrics that average a hinge loss."""

from keras.metrics import loss_functions
from keras.metrics.reduction_metrics import MeanMetricWrapper


class Hinge(MeanMetricWrapper):
    """The mean hinge loss `maximum(1 - y_true * y_pred, 0)`; 0/1 labels mean -1/1.

    >>> m = keras.metrics.Hinge()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]); m.result()  # 1.3
    """

    def __init__(self, name="hinge", dtype=None):
        super().__init__(loss_functions.hinge, name=name, dtype=dtype)
        self._direction = "down"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class SquaredHinge(MeanMetricWrapper):
    """The mean squared hinge loss `square(maximum(1 - y_true * y_pred, 0))`."""

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(loss_functions.squared_hinge, name=name, dtype=dtype)
        self._direction = "down"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class CategoricalHinge(MeanMetricWrapper):
    """The mean categorical hinge loss of one-hot labels against scores."""

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(loss_functions.categorical_hinge, name=name, dtype=dtype)
        self._direction = "down"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}
