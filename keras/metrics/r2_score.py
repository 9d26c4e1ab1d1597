"""R2Score: the coefficient of determination, optionally adjusted for regressors."""

from keras import ops
from keras.metrics import weighting
from keras.metrics.metric import Metric

_AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


class R2Score(Metric):
    """The coefficient of determination `1 - SS_res / SS_tot` of each output.

    Inputs are `(batch, outputs)` (or `(batch,)` for one output). The state holds
    per-output weighted sums of `y_true`, `y_true ** 2` and the squared residuals, so
    the score over all batches equals the score of all the data at once.

    Args:
        class_aggregation: how the per-output scores are combined: "uniform_average"
            (their mean), "variance_weighted_average" (weighted by each output's
            variance of `y_true`) or None (the vector of scores).
        num_regressors: the number of independent variables; when > 0 the adjusted
            score `1 - (1 - r2) (n - 1) / (n - p - 1)` is returned, `n` counting the
            entries of `y_true` seen. It falls back to the plain score when
            `p >= n - 1`.
        name: the name of the metric.
        dtype: the dtype of the state and result.

    >>> m = keras.metrics.R2Score()
    >>> m.update_state([[1], [4], [3]], [[2], [4], [4]]); m.result()  # 0.57142854
    """

    def __init__(
        self,
        class_aggregation="uniform_average",
        num_regressors=0,
        name="r2_score",
        dtype=None,
    ):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if class_aggregation not in _AGGREGATIONS:
            raise ValueError(
                "R2Score: `class_aggregation` must be one of "
                f"{_AGGREGATIONS}; got {class_aggregation!r}."
            )
        if not isinstance(num_regressors, int) or num_regressors < 0:
            raise ValueError(
                "R2Score: `num_regressors` must be a non-negative integer; got "
                f"{num_regressors!r}."
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2D inputs of shape (batch_size, output_dim); got "
                f"y_true.shape={tuple(y_true_shape)} and "
                f"y_pred.shape={tuple(y_pred_shape)}."
            )
        if y_pred_shape[-1] is None or y_true_shape[-1] is None:
            raise ValueError(
                "R2Score needs a known last dimension (output_dim); got "
                f"y_true.shape={tuple(y_true_shape)} and "
                f"y_pred.shape={tuple(y_pred_shape)}."
            )
        outputs = (int(y_pred_shape[-1]),)
        dtype = self.dtype
        self.squared_sum = self.add_variable(
            outputs, "zeros", dtype, name="squared_sum"
        )
        self.sum = self.add_variable(outputs, "zeros", dtype, name="sum")
        self.total_mse = self.add_variable(outputs, "zeros", dtype, name="residual")
        self.count = self.add_variable(outputs, "zeros", dtype, name="count")
        self.num_samples = self.add_variable((), "zeros", "int32", name="num_samples")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(ops.convert_to_tensor(y_true), self.dtype)
        y_pred = ops.cast(ops.convert_to_tensor(y_pred), self.dtype)
        y_true, y_pred = weighting.squeeze_or_expand_to_same_rank(y_true, y_pred)
        if len(y_true.shape) == 1:
            y_true = ops.expand_dims(y_true, -1)
            y_pred = ops.expand_dims(y_pred, -1)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        if sample_weight is None:
            sample_weight = 1.0
        sample_weight = ops.cast(ops.convert_to_tensor(sample_weight), self.dtype)
        if len(sample_weight.shape) == 1:
            sample_weight = ops.expand_dims(sample_weight, axis=1)
        sample_weight = ops.broadcast_to(sample_weight, ops.shape(y_true))
        weighted_true = y_true * sample_weight
        self.sum.assign_add(ops.sum(weighted_true, axis=0))
        self.squared_sum.assign_add(ops.sum(y_true * weighted_true, axis=0))
        residuals = ops.square(y_true - y_pred) * sample_weight
        self.total_mse.assign_add(ops.sum(residuals, axis=0))
        self.count.assign_add(ops.sum(sample_weight, axis=0))
        self.num_samples.assign_add(ops.cast(ops.size(y_true), "int32"))

    def result(self):
        if not self._built:
            return ops.convert_to_tensor(0.0, dtype=self.dtype)
        mean = self.sum.value / self.count.value
        total = self.squared_sum.value - self.sum.value * mean
        raw_scores = 1.0 - self.total_mse.value / total
        raw_scores = ops.where(ops.isinf(raw_scores), 0.0, raw_scores)
        if self.class_aggregation == "uniform_average":
            score = ops.mean(raw_scores)
        elif self.class_aggregation == "variance_weighted_average":
            score = ops.sum(total * raw_scores) / ops.sum(total)
        else:
            score = raw_scores
        if self.num_regressors == 0:
            return score
        n = ops.cast(self.num_samples.value, self.dtype)
        p = float(self.num_regressors)
        adjusted = 1.0 - (1.0 - score) * (n - 1.0) / ops.maximum(n - p - 1.0, 1.0)
        return ops.where(ops.greater(n - 1.0, p), adjusted, score)

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self.dtype,
            "class_aggregation": self.class_aggregation,
            "num_regressors": self.num_regressors,
        }
