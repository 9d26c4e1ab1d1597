"""AUC: the area under the ROC or precision-recall curve, by a Riemann sum over
thresholds."""

from keras import ops
from keras.backends.common import config
from keras.metrics import confusion_utils
from keras.metrics.metric import Metric

_CURVES = ("ROC", "PR")
_SUMMATIONS = ("interpolation", "minoring", "majoring")


class AUC(Metric):
    """The approximate area under the ROC or PR curve.

    The four confusion counts are accumulated at `num_thresholds` thresholds (evenly
    spaced over [0, 1], widened by epsilon at both ends so scores of exactly 0 and 1
    fall inside). The curve through the resulting (x, y) points is integrated with a
    Riemann sum whose heights are the mean ("interpolation"), the minimum ("minoring")
    or the maximum ("majoring") of neighbouring points. For the PR curve,
    "interpolation" integrates the precision between points exactly as Davis &
    Goadrich (2006) describe, instead of linearly.

    Args:
        num_thresholds: the number of thresholds (> 1) when `thresholds` is not given.
        curve: "ROC" (true positive rate against false positive rate) or "PR"
            (precision against recall).
        summation_method: "interpolation", "minoring" or "majoring".
        name: the name of the metric.
        dtype: the dtype of the state and result.
        thresholds: explicit thresholds in [0, 1] (the ends -epsilon and 1+epsilon are
            added); `num_thresholds` is then ignored.
        multi_label: whether each label (last axis of 2D inputs) gets its own curve,
            the AUCs then being averaged; otherwise all entries are pooled.
        num_labels: the number of labels with `multi_label`; when None the state is
            created on the first `update_state`.
        label_weights: weights of the labels: in the average of per-label AUCs with
            `multi_label`, else as weights of the pooled entries.
        from_logits: whether `y_pred` holds logits (a sigmoid is applied).

    >>> m = keras.metrics.AUC(num_thresholds=3)
    >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]); m.result()  # 0.75
    """

    def __init__(
        self,
        num_thresholds=200,
        curve="ROC",
        summation_method="interpolation",
        name=None,
        dtype=None,
        thresholds=None,
        multi_label=False,
        num_labels=None,
        label_weights=None,
        from_logits=False,
    ):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if not isinstance(curve, str) or curve.upper() not in _CURVES:
            raise ValueError(
                f"AUC: `curve` must be one of {_CURVES}; got curve={curve!r}."
            )
        if summation_method not in _SUMMATIONS:
            raise ValueError(
                f"AUC: `summation_method` must be one of {_SUMMATIONS}; got "
                f"summation_method={summation_method!r}."
            )
        self.curve = curve.upper()
        self.summation_method = summation_method
        eps = config.epsilon()
        if thresholds is not None:
            inner = sorted(confusion_utils.parse_init_thresholds(thresholds))
            self.num_thresholds = len(inner) + 2
        else:
            if not isinstance(num_thresholds, int) or num_thresholds <= 1:
                raise ValueError(
                    "AUC: `num_thresholds` must be an integer > 1; got "
                    f"num_thresholds={num_thresholds!r}."
                )
            self.num_thresholds = num_thresholds
            inner = confusion_utils.evenly_spaced_thresholds(num_thresholds)[1:-1]
        self._thresholds = [0.0 - eps] + inner + [1.0 + eps]
        self.multi_label = bool(multi_label)
        self.num_labels = num_labels
        self.from_logits = bool(from_logits)
        self.label_weights = None
        if label_weights is not None:
            weights = ops.convert_to_tensor(label_weights, dtype=self.dtype)
            if not bool(ops.all(ops.greater_equal(weights, 0.0))):
                raise ValueError(
                    "AUC: `label_weights` must be non-negative; got "
                    f"label_weights={label_weights!r}."
                )
            self.label_weights = weights
        self._built = False
        if not self.multi_label:
            self._build(None)
        elif num_labels is not None:
            self._build((None, num_labels))

    @property
    def thresholds(self):
        """The thresholds, including the added ends."""
        return list(self._thresholds)

    def _build(self, shape):
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(
                    "AUC with multi_label=True expects 2D inputs (batch, labels); got "
                    f"y_pred of shape {tuple(shape)}."
                )
            self._num_labels = int(shape[1])
            variable_shape = (self.num_thresholds, self._num_labels)
        else:
            variable_shape = (self.num_thresholds,)
        for condition in confusion_utils.CONDITIONS:
            variable = self.add_variable(
                variable_shape, "zeros", self.dtype, name=condition
            )
            setattr(self, condition, variable)
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's counts; `sample_weight` broadcasts to `y_pred`."""
        y_pred = ops.convert_to_tensor(y_pred)
        if not self._built:
            self._build(y_pred.shape)
        if self.from_logits:
            y_pred = ops.sigmoid(y_pred)
        confusion_utils.update_confusion_matrix_variables(
            {c: getattr(self, c) for c in confusion_utils.CONDITIONS},
            y_true,
            y_pred,
            self._thresholds,
            sample_weight=sample_weight,
            multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
        )

    def _average_labels(self, by_label):
        """The per-label areas averaged (weighted by label_weights when given)."""
        if self.label_weights is None:
            return ops.mean(by_label)
        return ops.divide_no_nan(
            ops.sum(by_label * self.label_weights), ops.sum(self.label_weights)
        )

    def _interpolated_pr_auc(self, tp, fp, fn):
        # Between thresholds i and i+1, tp grows linearly with p = tp + fp, so the
        # precision tp/p = slope + intercept/p integrates in closed form over recall.
        positives = tp + fp
        d_tp = tp[:-1] - tp[1:]
        d_p = positives[:-1] - positives[1:]
        slope = ops.divide_no_nan(d_tp, ops.maximum(d_p, 0.0))
        intercept = tp[1:] - slope * positives[1:]
        both_positive = ops.logical_and(positives[:-1] > 0, positives[1:] > 0)
        ratio = ops.where(
            both_positive,
            ops.divide_no_nan(positives[:-1], ops.maximum(positives[1:], 0.0)),
            ops.ones_like(positives[1:]),
        )
        areas = ops.divide_no_nan(
            slope * (d_tp + intercept * ops.log(ratio)),
            ops.maximum(tp[1:] + fn[1:], 0.0),
        )
        if self.multi_label:
            return self._average_labels(ops.sum(areas, axis=0))
        return ops.sum(areas)

    def result(self):
        if not self._built:
            return ops.convert_to_tensor(0.0, dtype=self.dtype)
        tp = self.true_positives.value
        fp = self.false_positives.value
        tn = self.true_negatives.value
        fn = self.false_negatives.value
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._interpolated_pr_auc(tp, fp, fn)
        recall = ops.divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = ops.divide_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, ops.divide_no_nan(tp, tp + fp)
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = ops.minimum(y[:-1], y[1:])
        else:
            heights = ops.maximum(y[:-1], y[1:])
        # Thresholds rise, so x falls: x[i] - x[i+1] >= 0 is the width of a slice.
        areas = (x[:-1] - x[1:]) * heights
        if self.multi_label:
            return self._average_labels(ops.sum(areas, axis=0))
        return ops.sum(areas)

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self):
        label_weights = self.label_weights
        if label_weights is not None:
            label_weights = ops.convert_to_numpy(label_weights).tolist()
        return {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": label_weights,
            "from_logits": self.from_logits,
            # The inner thresholds: __init__ adds the ends again.
            "thresholds": self.thresholds[1:-1],
        }
