"""Sum, Mean, and MeanMetricWrapper (the weighted mean of a per-sample function)."""

from keras import ops
from keras.ops import fused
from keras.metrics import weighting
from keras.metrics.metric import Metric
from keras.saving import serialization_lib


class Sum(Metric):
    """The (weighted) sum of all values seen.

    Args:
        name: the name of the metric.
        dtype: the dtype of the state and result.

    >>> m = keras.metrics.Sum()
    >>> m.update_state([1.0, 3.0, 5.0, 7.0]); m.result()  # 16.0
    >>> m.update_state([1.0, 3.0], sample_weight=[1, 0]); m.result()  # 17.0
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), "zeros", dtype=self.dtype, name="total")

    def update_state(self, values, sample_weight=None):
        values, _ = weighting.reduce_to_samplewise_values(
            values, sample_weight, reduce_fn=ops.sum, dtype=self.dtype
        )
        self.total.assign_add(ops.sum(values))

    def result(self):
        return ops.copy(self.total.value)


class Mean(Metric):
    """The (weighted) mean of all values seen: `total / count`.

    Values of rank > 1 are averaged per sample first; each sample then counts with its
    weight (1 without `sample_weight`).

    Args:
        name: the name of the metric.
        dtype: the dtype of the state and result.

    >>> m = keras.metrics.Mean()
    >>> m.update_state([1.0, 3.0, 5.0, 7.0]); m.result()  # 4.0
    >>> m.reset_state()
    >>> m.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1, 1, 0, 0])
    >>> m.result()  # 2.0
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), "zeros", dtype=self.dtype, name="total")
        self.count = self.add_variable((), "zeros", dtype=self.dtype, name="count")

    def update_state(self, values, sample_weight=None):
        if type(sample_weight) is int or type(sample_weight) is float:
            values = ops.cast(values, self.dtype)
            if len(values.shape) == 0:
                # One value weighing a Python number (the trainers' loss tracker
                # passes the batch size): what the general path computes, in two ops.
                fused.weighted_accumulate(self.total, self.count, values, sample_weight)
                return
        values, sample_weight = weighting.reduce_to_samplewise_values(
            values, sample_weight, reduce_fn=ops.mean, dtype=self.dtype
        )
        self.total.assign_add(ops.sum(values))
        if sample_weight is not None:
            count = ops.sum(sample_weight)
        elif len(values.shape) >= 1:
            count = ops.cast(ops.shape(values)[0], self.dtype)
        else:
            count = 1.0
        self.count.assign_add(ops.cast(count, self.dtype))

    def result(self):
        return ops.divide_no_nan(self.total.value, self.count.value)


class MeanMetricWrapper(Mean):
    """The weighted mean of `fn(y_true, y_pred, **kwargs)` over all samples seen.

    Args:
        fn: a function `fn(y_true, y_pred, **kwargs)` giving one value per sample (or
            per element: extra axes are averaged per sample).
        name: the name of the metric.
        dtype: the dtype of the state and result.
        **kwargs: keyword arguments passed on to `fn`.

    >>> def absolute_error(y_true, y_pred):
    ...     return keras.ops.abs(keras.ops.subtract(y_true, y_pred))
    >>> m = keras.metrics.MeanMetricWrapper(absolute_error, name="ae")
    >>> m.update_state([1.0, 2.0], [1.5, 1.0]); m.result()  # 0.75
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        if not callable(fn):
            raise TypeError(
                f"MeanMetricWrapper: `fn` must be a callable (y_true, y_pred) -> "
                f"values; got {fn!r}."
            )
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        mask = weighting.keras_mask(y_pred)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        sample_weight = weighting.apply_mask(sample_weight, mask, self.dtype)
        return super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        # Subclasses that fix `fn` override this with their own arguments.
        config = super().get_config()
        config["fn"] = serialization_lib.serialize_keras_object(self._fn)
        config.update(serialization_lib.serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config):
        if "fn" in config:
            config = dict(config)
            config["fn"] = serialization_lib.deserialize_keras_object(config["fn"])
        return cls(**config)
