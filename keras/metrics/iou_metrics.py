"""Intersection-over-Union metrics (IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU).

All accumulate a weighted confusion matrix (rows: true class, columns: predicted class)
and report, for the target classes, `tp / (tp + fp + fn)` averaged over the classes
that occurred.
"""

from keras import ops
from keras.backends.common import config
from keras.metrics.metric import Metric


def confusion_matrix(labels, predictions, num_classes, weights, dtype):
    """The `(num_classes, num_classes)` sums of weights per (label, prediction)."""
    # (N, C) one-hot rows; their weighted outer products summed over N.
    true_rows = ops.one_hot(ops.cast(labels, "int32"), num_classes, dtype=dtype)
    pred_rows = ops.one_hot(ops.cast(predictions, "int32"), num_classes, dtype=dtype)
    weighted_pred_rows = pred_rows * ops.expand_dims(weights, -1)
    return ops.matmul(ops.transpose(true_rows), weighted_pred_rows)


class IoU(Metric):
    """The IoU of the target classes, averaged over those that occurred.

    Args:
        num_classes: the number of classes (the confusion matrix is square of it).
        target_class_ids: the classes whose IoU is averaged.
        name: the name of the metric.
        dtype: the dtype of the state and result.
        ignore_class: a label value whose entries are not counted (e.g. a void class).
        sparse_y_true: whether labels are class ids; otherwise one-hot along `axis`.
        sparse_y_pred: whether predictions are class ids; otherwise scores along
            `axis` (their argmax is taken).
        axis: the class axis of non-sparse inputs.

    >>> m = keras.metrics.IoU(num_classes=2, target_class_ids=[0])
    >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1]); m.result()  # 0.33333334
    """

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if not isinstance(num_classes, int) or num_classes < 1:
            raise ValueError(
                f"{type(self).__name__}: `num_classes` must be a positive integer; got "
                f"num_classes={num_classes!r}."
            )
        target_class_ids = list(target_class_ids)
        bad = [i for i in target_class_ids if not 0 <= i < num_classes]
        if bad or not target_class_ids:
            raise ValueError(
                f"{type(self).__name__}: `target_class_ids` must be a non-empty "
                f"list of class ids in [0, {num_classes}); got "
                f"target_class_ids={target_class_ids!r}."
            )
        self.num_classes = num_classes
        self.target_class_ids = target_class_ids
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(
            (num_classes, num_classes),
            "zeros",
            self.dtype,
            name="total_confusion_matrix",
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch to the confusion matrix; inputs are flattened."""
        if not self.sparse_y_true:
            y_true = ops.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = ops.argmax(y_pred, axis=self.axis)
        y_true = ops.reshape(ops.convert_to_tensor(y_true), (-1,))
        y_pred = ops.reshape(ops.convert_to_tensor(y_pred), (-1,))
        if sample_weight is None:
            weights = ops.ones(ops.shape(y_true), dtype=self.dtype)
        else:
            weights = ops.cast(ops.convert_to_tensor(sample_weight), self.dtype)
            weights = ops.broadcast_to(ops.reshape(weights, (-1,)), ops.shape(y_true))
        if self.ignore_class is not None:
            valid = ops.not_equal(y_true, ops.cast(self.ignore_class, y_true.dtype))
            y_true = ops.where(valid, y_true, ops.zeros_like(y_true))
            y_pred = ops.where(valid, y_pred, ops.zeros_like(y_pred))
            weights = weights * ops.cast(valid, self.dtype)
        self.total_cm.assign_add(
            confusion_matrix(y_true, y_pred, self.num_classes, weights, self.dtype)
        )

    def result(self):
        cm = self.total_cm.value
        predicted_per_class = ops.sum(cm, axis=0)
        true_per_class = ops.sum(cm, axis=1)
        true_positives = ops.diagonal(cm)
        union = predicted_per_class + true_per_class - true_positives
        targets = ops.convert_to_tensor(self.target_class_ids, dtype="int32")
        true_positives = ops.take(true_positives, targets)
        union = ops.take(union, targets)
        # Classes that never occurred (union 0) are left out of the average.
        occurred = ops.sum(ops.cast(ops.greater(union, 1e-9), self.dtype))
        eps = config.epsilon()
        iou = true_positives / (union + eps)
        return ops.sum(iou) / (occurred + eps)

    def get_config(self):
        return {
            **super().get_config(),
            "num_classes": self.num_classes,
            "target_class_ids": self.target_class_ids,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }


class BinaryIoU(IoU):
    """The IoU of classes 0 and/or 1 after thresholding scores.

    A prediction is class 1 when `y_pred >= threshold`, else class 0.

    Args:
        target_class_ids: which of the classes 0 and 1 are averaged.
        threshold: the score from which a prediction is class 1.
        name: the name of the metric.
        dtype: the dtype of the state and result.

    >>> m = keras.metrics.BinaryIoU(target_class_ids=[0, 1], threshold=0.3)
    >>> m.update_state([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7]); m.result()  # 0.33333334
    """

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(
            num_classes=2, target_class_ids=target_class_ids, name=name, dtype=dtype
        )
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = ops.convert_to_tensor(y_pred)
        y_pred = ops.cast(ops.greater_equal(y_pred, self.threshold), "int32")
        y_true = ops.cast(ops.convert_to_tensor(y_true), "int32")
        return super().update_state(y_true, y_pred, sample_weight)

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self.dtype,
            "target_class_ids": self.target_class_ids,
            "threshold": self.threshold,
        }


class MeanIoU(IoU):
    """The IoU averaged over all `num_classes` classes that occurred.

    Args:
        num_classes: the number of classes.
        name: the name of the metric.
        dtype: the dtype of the state and result.
        ignore_class: a label value whose entries are not counted.
        sparse_y_true: whether labels are class ids; otherwise one-hot along `axis`.
        sparse_y_pred: whether predictions are class ids; otherwise scores.
        axis: the class axis of non-sparse inputs.

    >>> m = keras.metrics.MeanIoU(num_classes=2)
    >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1]); m.result()  # 0.33333334
    """

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            num_classes=num_classes,
            target_class_ids=range(num_classes) if isinstance(num_classes, int) else [],
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self):
        config = super().get_config()
        del config["target_class_ids"]
        return config


class OneHotIoU(IoU):
    """IoU for one-hot labels and score predictions (argmax along `axis`).

    Args:
        num_classes: the number of classes.
        target_class_ids: the classes whose IoU is averaged.
        name: the name of the metric.
        dtype: the dtype of the state and result.
        ignore_class: a class id whose entries are not counted.
        sparse_y_pred: whether predictions are already class ids.
        axis: the class axis.
    """

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_pred=False,
        axis=-1,
    ):
        super().__init__(
            num_classes=num_classes,
            target_class_ids=target_class_ids,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self):
        config = super().get_config()
        del config["sparse_y_true"]
        return config


class OneHotMeanIoU(MeanIoU):
    """MeanIoU for one-hot labels and score predictions (argmax along `axis`).

    Args:
        num_classes: the number of classes.
        name: the name of the metric.
        dtype: the dtype of the state and result.
        ignore_class: a class id whose entries are not counted.
        sparse_y_pred: whether predictions are already class ids.
        axis: the class axis.
    """

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_pred=False,
        axis=-1,
    ):
        super().__init__(
            num_classes=num_classes,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self):
        config = super().get_config()
        del config["sparse_y_true"]
        return config
