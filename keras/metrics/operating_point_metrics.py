"""The best value of one rate where another reaches a target: SensitivityAtSpecificity,
SpecificityAtSensitivity, PrecisionAtRecall and RecallAtPrecision.

Each counts the four confusion conditions at `num_thresholds` evenly spaced thresholds
in [0, 1] and, in `result`, takes the best dependent rate over the thresholds whose
constrained rate is at least the target (0 when none is).
"""

from keras import ops
from keras.metrics import confusion_utils
from keras.metrics.metric import Metric


class _OperatingPoint(Metric):
    _target_name = None

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if not isinstance(num_thresholds, int) or num_thresholds <= 0:
            raise ValueError(
                f"{type(self).__name__}: `num_thresholds` must be an integer > 0; got "
                f"num_thresholds={num_thresholds!r}."
            )
        if not 0 <= value <= 1:
            raise ValueError(
                f"{type(self).__name__}: `{self._target_name}` must be in [0, 1]; got "
                f"{self._target_name}={value!r}."
            )
        self.value = value
        self.class_id = class_id
        self.num_thresholds = num_thresholds
        if num_thresholds == 1:
            self.thresholds = [0.5]
        else:
            self.thresholds = confusion_utils.evenly_spaced_thresholds(num_thresholds)
        for condition in confusion_utils.CONDITIONS:
            variable = self.add_variable(
                (num_thresholds,), "zeros", self.dtype, name=condition
            )
            setattr(self, condition, variable)

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's counts; `sample_weight` broadcasts to `y_pred`."""
        confusion_utils.update_confusion_matrix_variables(
            {c: getattr(self, c) for c in confusion_utils.CONDITIONS},
            y_true,
            y_pred,
            self.thresholds,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def _rates(self):
        tp = self.true_positives.value
        fp = self.false_positives.value
        tn = self.true_negatives.value
        fn = self.false_negatives.value
        return {
            "sensitivity": ops.divide_no_nan(tp, tp + fn),
            "specificity": ops.divide_no_nan(tn, tn + fp),
            "precision": ops.divide_no_nan(tp, tp + fp),
        }

    def _max_where_at_least(self, constrained, dependent):
        """max(dependent) over thresholds with `constrained >= value`, or 0."""
        feasible = ops.greater_equal(constrained, self.value)
        return ops.max(ops.where(feasible, dependent, ops.zeros_like(dependent)))

    def get_config(self):
        return {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "class_id": self.class_id,
            self._target_name: self.value,
        }


_ARGS = """
    Args:
        {target}: the target {target}, in [0, 1].
        num_thresholds: how many evenly spaced thresholds in [0, 1] are tried.
        class_id: when set, only that class (an index on the last axis) is measured.
        name: the name of the metric.
        dtype: the dtype of the state and result.
"""


class SensitivityAtSpecificity(_OperatingPoint):
    __doc__ = (
        "The best sensitivity (recall) at a specificity of at least `specificity`.\n"
        + _ARGS.format(target="specificity")
    )
    _target_name = "specificity"

    def __init__(
        self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None
    ):
        super().__init__(specificity, num_thresholds, class_id, name, dtype)
        self.specificity = specificity

    def result(self):
        rates = self._rates()
        return self._max_where_at_least(rates["specificity"], rates["sensitivity"])


class SpecificityAtSensitivity(_OperatingPoint):
    __doc__ = (
        "The best specificity at a sensitivity (recall) of at least `sensitivity`.\n"
        + _ARGS.format(target="sensitivity")
    )
    _target_name = "sensitivity"

    def __init__(
        self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None
    ):
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)
        self.sensitivity = sensitivity

    def result(self):
        rates = self._rates()
        return self._max_where_at_least(rates["sensitivity"], rates["specificity"])


class PrecisionAtRecall(_OperatingPoint):
    __doc__ = (
        "The best precision at a recall of at least `recall`.\n"
        + _ARGS.format(target="recall")
    )
    _target_name = "recall"

    def __init__(
        self, recall, num_thresholds=200, class_id=None, name=None, dtype=None
    ):
        super().__init__(recall, num_thresholds, class_id, name, dtype)
        self.recall = recall

    def result(self):
        rates = self._rates()
        return self._max_where_at_least(rates["sensitivity"], rates["precision"])


class RecallAtPrecision(_OperatingPoint):
    __doc__ = (
        "The best recall at a precision of at least `precision`.\n"
        + _ARGS.format(target="precision")
    )
    _target_name = "precision"

    def __init__(
        self, precision, num_thresholds=200, class_id=None, name=None, dtype=None
    ):
        super().__init__(precision, num_thresholds, class_id, name, dtype)
        self.precision = precision

    def result(self):
        rates = self._rates()
        return self._max_where_at_least(rates["precision"], rates["sensitivity"])
