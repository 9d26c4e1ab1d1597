"""FBetaScore and F1Score: the weighted harmonic mean of precision and recall."""

from keras import ops
from keras.backends.common import config
from keras.metrics.metric import Metric

_AVERAGES = (None, "micro", "macro", "weighted")


class FBetaScore(Metric):
    """`(1 + beta**2) * precision * recall / (beta**2 * precision + recall)`.

    Inputs are `(batch, classes)`: labels 0/1 (one-hot or multi-hot) and scores. The
    true positives, false positives and false negatives of each class are accumulated
    (pooled over the classes with `average="micro"`).

    Args:
        average: how the per-class scores are combined: None (the vector of scores),
            "micro" (one score from the pooled counts), "macro" (their mean) or
            "weighted" (their mean weighted by the number of true instances).
        beta: the weight of recall against precision (> 0).
        threshold: a prediction is positive when `y_pred > threshold`; when None, the
            highest score of each sample is the (only) positive one.
        name: the name of the metric.
        dtype: the dtype of the state and result.

    >>> m = keras.metrics.FBetaScore(beta=2.0, threshold=0.5)
    >>> m.update_state([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
    ...                [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]])
    >>> m.result()  # [0.3846154, 0.90909094, 0.8333334]
    """

    def __init__(
        self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None
    ):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        cls_name = type(self).__name__
        if average not in _AVERAGES:
            raise ValueError(
                f"{cls_name}: `average` must be one of {_AVERAGES}; got "
                f"average={average!r}."
            )
        if not isinstance(beta, float):
            raise ValueError(
                f"{cls_name}: `beta` must be a Python float; got beta={beta!r} of type "
                f"{type(beta).__name__}."
            )
        if beta <= 0.0:
            raise ValueError(f"{cls_name}: `beta` must be > 0; got beta={beta!r}.")
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError(
                    f"{cls_name}: `threshold` must be a Python float; got "
                    f"threshold={threshold!r} of type {type(threshold).__name__}."
                )
            if not 0.0 < threshold <= 1.0:
                raise ValueError(
                    f"{cls_name}: `threshold` must be in (0, 1]; got "
                    f"threshold={threshold!r}."
                )
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                f"{type(self).__name__} expects 2D inputs of shape (batch_size, "
                f"output_dim); got y_true.shape={tuple(y_true_shape)} and "
                f"y_pred.shape={tuple(y_pred_shape)}."
            )
        if y_pred_shape[-1] is None or y_true_shape[-1] is None:
            raise ValueError(
                f"{type(self).__name__} needs a known last dimension (output_dim); got "
                f"y_true.shape={tuple(y_true_shape)} and "
                f"y_pred.shape={tuple(y_pred_shape)}."
            )
        shape = () if self.average == "micro" else (int(y_pred_shape[-1]),)
        for name in (
            "true_positives",
            "false_positives",
            "false_negatives",
            "intermediate_weights",
        ):
            variable = self.add_variable(shape, "zeros", self.dtype, name=name)
            setattr(self, name, variable)
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's counts; `sample_weight` has one weight per sample."""
        y_true = ops.cast(ops.convert_to_tensor(y_true), self.dtype)
        y_pred = ops.cast(ops.convert_to_tensor(y_pred), self.dtype)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        if self.threshold is None:
            # The top score of each row is the positive one; an all-zero row has none.
            row_max = ops.max(y_pred, axis=-1, keepdims=True)
            positive = ops.logical_and(y_pred >= row_max, ops.abs(y_pred) > 1e-9)
        else:
            positive = y_pred > self.threshold
        y_pred = ops.cast(positive, self.dtype)

        def weighted_sum(values):
            if sample_weight is not None:
                weights = ops.cast(ops.convert_to_tensor(sample_weight), self.dtype)
                values = values * ops.expand_dims(weights, 1)
            return ops.sum(values, axis=self.axis)

        self.true_positives.assign_add(weighted_sum(y_pred * y_true))
        self.false_positives.assign_add(weighted_sum(y_pred * (1.0 - y_true)))
        self.false_negatives.assign_add(weighted_sum((1.0 - y_pred) * y_true))
        self.intermediate_weights.assign_add(weighted_sum(y_true))

    def result(self):
        if not self._built:
            return ops.convert_to_tensor(0.0, dtype=self.dtype)
        eps = config.epsilon()
        tp = self.true_positives.value
        precision = tp / (tp + self.false_positives.value + eps)
        recall = tp / (tp + self.false_negatives.value + eps)
        beta2 = self.beta**2
        score = (1.0 + beta2) * precision * recall / (beta2 * precision + recall + eps)
        if self.average == "weighted":
            support = self.intermediate_weights.value
            return ops.sum(score * support / (ops.sum(support) + eps))
        if self.average is not None:
            return ops.mean(score)
        return score

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self):
        return {
            **super().get_config(),
            "average": self.average,
            "beta": self.beta,
            "threshold": self.threshold,
        }


class F1Score(FBetaScore):
    """The F1 score: the harmonic mean of precision and recall (FBetaScore, beta=1).

    Args:
        average: None, "micro", "macro" or "weighted" (see FBetaScore).
        threshold: a prediction is positive when `y_pred > threshold`; when None, the
            highest score of each sample is the positive one.
        name: the name of the metric.
        dtype: the dtype of the state and result.

    >>> m = keras.metrics.F1Score(threshold=0.5)
    >>> m.update_state([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
    ...                [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]])
    >>> m.result()  # [0.5, 0.8, 0.6666667]
    """

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(
            average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype
        )

    def get_config(self):
        config = super().get_config()
        del config["beta"]
        return config
