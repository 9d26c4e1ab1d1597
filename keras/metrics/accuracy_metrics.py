"""Accuracy metrics: how often predictions match labels (exactly, after a threshold,
by argmax, or within the top k)."""

from keras import ops
from keras.backends.common import config
from keras.metrics import weighting
from keras.metrics.reduction_metrics import MeanMetricWrapper


def accuracy(y_true, y_pred):
    """1.0 where `y_true == y_pred`, else 0.0 (element-wise)."""
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    y_true, y_pred = weighting.squeeze_or_expand_to_same_rank(y_true, y_pred)
    return ops.cast(ops.equal(y_true, y_pred), config.floatx())


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """The share of entries where `y_pred > threshold` agrees with the 0/1 label,
    averaged over the last axis.

    >>> keras.metrics.binary_accuracy([[1.0], [0.0]], [[0.7], [0.6]])  # [1.0, 0.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    y_true, y_pred = weighting.squeeze_or_expand_to_same_rank(y_true, y_pred)
    predicted = ops.cast(ops.greater(y_pred, threshold), y_true.dtype)
    matches = ops.cast(ops.equal(y_true, predicted), config.floatx())
    return ops.mean(matches, axis=-1)


def _argmax_matches(labels, y_pred):
    """1.0 where the integer `labels` equal `argmax(y_pred, -1)`, in the labels' shape.

    Labels shaped like `y_pred` with a trailing 1 (`(batch, 1)`) are compared without
    that axis and the result is given that axis back.
    """
    y_pred = ops.convert_to_tensor(y_pred)
    labels = ops.convert_to_tensor(labels)
    label_shape = ops.shape(labels)
    squeezed = len(labels.shape) == len(y_pred.shape) and labels.shape[-1] == 1
    if squeezed:
        labels = ops.squeeze(labels, axis=-1)
    predicted = ops.argmax(y_pred, axis=-1)
    matches = ops.equal(ops.cast(labels, "int32"), ops.cast(predicted, "int32"))
    matches = ops.cast(matches, config.floatx())
    return ops.reshape(matches, label_shape) if squeezed else matches


def categorical_accuracy(y_true, y_pred):
    """1.0 where `argmax(y_true, -1) == argmax(y_pred, -1)`, per sample.

    >>> keras.metrics.categorical_accuracy([[0, 0, 1], [0, 1, 0]],
    ...                                    [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    [0.0, 1.0]
    """
    return _argmax_matches(ops.argmax(y_true, axis=-1), y_pred)


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the integer label `y_true` equals `argmax(y_pred, -1)`, per sample.

    >>> keras.metrics.sparse_categorical_accuracy([2, 1], [[0.1, 0.9, 0.8],
    ...                                                    [0.05, 0.95, 0]])
    [0.0, 1.0]
    """
    return _argmax_matches(y_true, y_pred)


def _in_top_k(labels, y_pred, k):
    """Whether each integer label is among the `k` largest scores of its row.

    A label counts when fewer than `k` scores are strictly larger than its own, so
    scores tied at the k-th place all count (as `tf.math.in_top_k` does).
    """
    # (batch, classes) scores; (batch,) labels.
    label_scores = ops.take_along_axis(
        y_pred, ops.expand_dims(ops.cast(labels, "int32"), -1), axis=-1
    )
    larger = ops.sum(ops.cast(ops.greater(y_pred, label_scores), "int32"), axis=-1)
    return ops.less(larger, k)


def _top_k_matches(labels, y_pred, k):
    y_pred = ops.convert_to_tensor(y_pred)
    labels = ops.convert_to_tensor(labels)
    if len(labels.shape) == len(y_pred.shape) and labels.shape[-1] == 1:
        labels = ops.squeeze(labels, axis=-1)
    num_classes = y_pred.shape[-1]
    # Flatten any leading axes to one batch axis and restore them after.
    out_shape = ops.shape(labels)
    y_pred = ops.reshape(y_pred, (-1, num_classes))
    labels = ops.reshape(labels, (-1,))
    matches = ops.cast(_in_top_k(labels, y_pred, k), config.floatx())
    return ops.reshape(matches, out_shape)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the class of the one-hot `y_true` is in the top `k` of `y_pred`.

    >>> y_true = [[0, 0, 1], [0, 1, 0]]
    >>> y_pred = [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]
    >>> keras.metrics.top_k_categorical_accuracy(y_true, y_pred, k=1)  # [0.0, 1.0]
    """
    return _top_k_matches(ops.argmax(y_true, axis=-1), y_pred, k)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1.0 where the integer label `y_true` is in the top `k` of `y_pred`.

    Args:
        y_true: integer labels, `(batch,)` or `(batch, 1)`.
        y_pred: scores `(batch, classes)`; with `from_sorted_ids=True`, the ids of the
            top predictions, best first, `(batch, n)` with `n >= k`.
        k: how many top predictions count.
        from_sorted_ids: whether `y_pred` holds sorted class ids instead of scores.
    """
    if not from_sorted_ids:
        return _top_k_matches(y_true, y_pred, k)
    ids = ops.convert_to_tensor(y_pred)
    labels = ops.convert_to_tensor(y_true)
    if len(labels.shape) == len(ids.shape) and labels.shape[-1] == 1:
        labels = ops.squeeze(labels, axis=-1)
    top = ops.cast(ids[..., :k], "int32")
    hits = ops.equal(top, ops.expand_dims(ops.cast(labels, "int32"), -1))
    return ops.cast(ops.any(hits, axis=-1), config.floatx())


class Accuracy(MeanMetricWrapper):
    """How often `y_pred` equals `y_true` (weighted by `sample_weight`).

    >>> m = keras.metrics.Accuracy()
    >>> m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]]); m.result()  # 0.75
    """

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(fn=accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class BinaryAccuracy(MeanMetricWrapper):
    """How often `y_pred > threshold` matches the binary label.

    Args:
        name: the name of the metric.
        dtype: the dtype of the result.
        threshold: the score above which a prediction is 1; in (0, 1).

    >>> m = keras.metrics.BinaryAccuracy()
    >>> m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]); m.result()
    0.75
    """

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        if threshold is not None and not 0 < threshold < 1:
            raise ValueError(
                "BinaryAccuracy: `threshold` must be in the open interval (0, 1); "
                f"got threshold={threshold!r}."
            )
        super().__init__(
            fn=binary_accuracy, name=name, dtype=dtype, threshold=threshold
        )
        self.threshold = threshold
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "threshold": self.threshold}


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the argmax of `y_pred` is the class of the one-hot `y_true`."""

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(fn=categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the argmax of `y_pred` equals the integer label `y_true`."""

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(fn=sparse_categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the class of the one-hot `y_true` is among the top `k` predictions.

    Args:
        k: how many top predictions count.
        name: the name of the metric.
        dtype: the dtype of the result.
    """

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(fn=top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "k": self.k}


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label `y_true` is among the top `k` predictions.

    Args:
        k: how many top predictions count.
        name: the name of the metric.
        dtype: the dtype of the result.
        from_sorted_ids: whether `y_pred` holds the sorted ids of the top predictions
            (best first) rather than scores.
    """

    def __init__(
        self,
        k=5,
        name="sparse_top_k_categorical_accuracy",
        dtype=None,
        from_sorted_ids=False,
    ):
        super().__init__(
            fn=sparse_top_k_categorical_accuracy,
            name=name,
            dtype=dtype,
            k=k,
            from_sorted_ids=from_sorted_ids,
        )
        self.k = k
        self.from_sorted_ids = from_sorted_ids
        self._direction = "up"

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self.dtype,
            "k": self.k,
            "from_sorted_ids": self.from_sorted_ids,
        }
