"""Confusion-matrix counts (TruePositives, ...), and Precision and Recall."""

from keras import ops
from keras.metrics import confusion_utils
from keras.metrics.metric import Metric


class _ConditionCount(Metric):
    """The weighted count of one confusion condition at each threshold."""

    _condition = None

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = confusion_utils.parse_init_thresholds(thresholds)
        self.accumulator = self.add_variable(
            (len(self.thresholds),), "zeros", self.dtype, name="accumulator"
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's counts; `sample_weight` broadcasts to `y_pred`."""
        confusion_utils.update_confusion_matrix_variables(
            {self._condition: self.accumulator},
            y_true,
            y_pred,
            self.thresholds,
            sample_weight=sample_weight,
        )

    def result(self):
        value = self.accumulator.value
        return value[0] if len(self.thresholds) == 1 else ops.copy(value)

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}


_ARGS_DOC = """
    Args:
        thresholds: a float or a list of floats in [0, 1] (default 0.5); a prediction
            is positive at threshold `t` when `y_pred > t`. With a list the result has
            one count per threshold.
        name: the name of the metric.
        dtype: the dtype of the state and result.
"""


class TruePositives(_ConditionCount):
    __doc__ = (
        """The weighted number of positive labels predicted positive.
"""
        + _ARGS_DOC
        + """
    >>> m = keras.metrics.TruePositives()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1]); m.result()  # 2.0
"""
    )
    _condition = confusion_utils.TRUE_POSITIVES


class FalsePositives(_ConditionCount):
    __doc__ = "The weighted number of negative labels predicted positive.\n" + _ARGS_DOC
    _condition = confusion_utils.FALSE_POSITIVES


class TrueNegatives(_ConditionCount):
    __doc__ = "The weighted number of negative labels predicted negative.\n" + _ARGS_DOC
    _condition = confusion_utils.TRUE_NEGATIVES


class FalseNegatives(_ConditionCount):
    __doc__ = "The weighted number of positive labels predicted negative.\n" + _ARGS_DOC
    _condition = confusion_utils.FALSE_NEGATIVES


class _RateAtThresholds(Metric):
    """`tp / (tp + other)` at each threshold (Precision: other = fp; Recall: fn)."""

    _other = None

    def __init__(
        self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None
    ):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else confusion_utils.NEG_INF
        self.thresholds = confusion_utils.parse_init_thresholds(thresholds, default)
        shape = (len(self.thresholds),)
        self.true_positives = self.add_variable(
            shape, "zeros", self.dtype, name="true_positives"
        )
        self._other_count = self.add_variable(
            shape, "zeros", self.dtype, name=self._other
        )
        setattr(self, self._other, self._other_count)

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's counts; `sample_weight` broadcasts to `y_pred`."""
        confusion_utils.update_confusion_matrix_variables(
            {
                confusion_utils.TRUE_POSITIVES: self.true_positives,
                self._other: self._other_count,
            },
            y_true,
            y_pred,
            self.thresholds,
            top_k=self.top_k,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def result(self):
        tp = self.true_positives.value
        rate = ops.divide_no_nan(tp, tp + self._other_count.value)
        return rate[0] if len(self.thresholds) == 1 else rate

    def get_config(self):
        return {
            **super().get_config(),
            "thresholds": self.init_thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


_RATE_ARGS_DOC = """
    Args:
        thresholds: a float or a list of floats in [0, 1]; a prediction is positive at
            threshold `t` when `y_pred > t`. Defaults to 0.5, or, with `top_k`, to
            counting every top-k prediction as positive. With a list the result has
            one value per threshold.
        top_k: when set, only the `top_k` largest scores of each sample can be
            positive.
        class_id: when set, only that class (an index on the last axis) is measured.
        name: the name of the metric.
        dtype: the dtype of the state and result.
"""


class Precision(_RateAtThresholds):
    __doc__ = (
        """The share of positive predictions whose label is positive: `tp / (tp + fp)`.
"""
        + _RATE_ARGS_DOC
        + """
    >>> m = keras.metrics.Precision()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1]); m.result()  # 0.6666667
"""
    )
    _other = confusion_utils.FALSE_POSITIVES


class Recall(_RateAtThresholds):
    __doc__ = (
        """The share of positive labels predicted positive: `tp / (tp + fn)`.
"""
        + _RATE_ARGS_DOC
        + """
    >>> m = keras.metrics.Recall()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1]); m.result()  # 0.6666667
"""
    )
    _other = confusion_utils.FALSE_NEGATIVES
