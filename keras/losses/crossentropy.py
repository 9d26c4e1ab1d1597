"""Cross-entropy losses: binary, categorical (one-hot), sparse (integer labels), and
generalized cross-entropy.

Probabilities are clipped to [epsilon, 1 - epsilon] before the logarithm (see
keras.ops.binary_crossentropy); `from_logits=True` takes logits instead.
"""

import math
import numbers
import warnings

from keras import ops
from keras.losses.loss import Loss
from keras.losses.loss import LossFunctionWrapper
from keras.losses.loss import float_pair
from keras.losses.loss import float_tensor
from keras.losses.loss import get_keras_mask
from keras.losses.loss import static_shape
from keras.ops import fused


def check_bool(value, argument):
    if not isinstance(value, bool):
        raise TypeError(f"`{argument}` must be a bool; got {argument}={value!r}.")
    return value


def check_fraction(value, argument):
    """`value` as a float, which must lie in [0, 1]."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not 0 <= value <= 1
    ):
        raise ValueError(f"`{argument}` must be a float in [0, 1]; got {value!r}.")
    return float(value)


def check_axis(axis):
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise ValueError(f"`axis` must be an int; got axis={axis!r}.")
    return int(axis)


def smooth_categorical(y_true, label_smoothing, axis=-1):
    """One-hot labels moved towards uniform: `y * (1 - s) + s / num_classes`."""
    if not label_smoothing:
        return y_true
    num_classes = ops.shape(y_true)[axis]
    return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes


def _warn_single_class(y_pred, function):
    if static_shape(y_pred)[-1] == 1:
        warnings.warn(
            f"In loss {function}, expected y_pred.shape to be (batch_size, "
            f"num_classes) with num_classes > 1; got y_pred.shape="
            f"{static_shape(y_pred)}. Consider using 'binary_crossentropy' if you "
            "only have 2 classes.",
            SyntaxWarning,
            stacklevel=3,
        )


def binary_crossentropy(
    y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1
):
    """The binary cross-entropy of each element, averaged over `axis`.

    Args:
        y_true: labels in [0, 1], same shape as `y_pred`.
        y_pred: predicted probabilities, or logits when `from_logits`.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1]; labels become `y * (1 - s) + 0.5 * s`.
        axis: the axis the mean is taken over.

    Returns:
        The loss of each sample: `y_pred`'s shape without `axis`.

    >>> keras.losses.binary_crossentropy([[0.0, 1.0]], [[0.4, 0.6]])  # [0.5108]
    """
    y_true, y_pred = float_pair(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    elementwise = ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits)
    return ops.mean(elementwise, axis=axis)


def categorical_crossentropy(
    y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1
):
    """The cross-entropy between one-hot (or soft) labels and predicted distributions.

    Args:
        y_true: label distributions, same shape as `y_pred`.
        y_pred: predicted probabilities (renormalized over `axis`), or logits when
            `from_logits`.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1]; labels become `y * (1 - s) + s / num_classes`.
        axis: the class axis.

    Returns:
        The loss of each sample: `y_pred`'s shape without `axis`.

    >>> keras.losses.categorical_crossentropy([[0, 1, 0]], [[0.05, 0.95, 0.0]])
    ... # [0.0513]
    """
    axis = check_axis(axis)
    y_true, y_pred = float_pair(y_true, y_pred)
    _warn_single_class(y_pred, "categorical_crossentropy")
    y_true = smooth_categorical(y_true, label_smoothing, axis)
    return ops.categorical_crossentropy(
        y_true, y_pred, from_logits=from_logits, axis=axis
    )


def _valid_labels(y_true, y_pred, ignore_class):
    """Integer labels (a trailing axis of size 1 dropped), and which ones count."""
    labels = ops.cast(y_true, "int32")
    labels_shape, pred_shape = static_shape(labels), static_shape(y_pred)
    if len(labels_shape) == len(pred_shape) and labels_shape[-1] == 1:
        labels = ops.squeeze(labels, axis=-1)
    if ignore_class is None:
        return labels, None
    valid = ops.not_equal(labels, int(ignore_class))
    return ops.where(valid, labels, 0), valid


def sparse_categorical_crossentropy(
    y_true, y_pred, from_logits=False, ignore_class=None, axis=-1
):
    """The cross-entropy between integer class labels and predicted distributions.

    Args:
        y_true: integer labels, `y_pred`'s shape without its class axis (a trailing
            axis of size 1 is allowed).
        y_pred: predicted probabilities, or logits when `from_logits`.
        from_logits: whether `y_pred` holds logits.
        ignore_class: a label whose samples get a loss of 0 (e.g. padding); they are
            also left out of the mean when a `SparseCategoricalCrossentropy` reduces.
        axis: the class axis; only the last axis is supported.

    Returns:
        The loss of each sample: `y_pred`'s shape without its last axis.

    >>> keras.losses.sparse_categorical_crossentropy([1, 2], [[0.05, 0.95, 0.0],
    ...                                                       [0.1, 0.8, 0.1]])
    ... # [0.0513, 2.303]
    """
    y_pred = float_tensor(y_pred)
    labels, valid = _valid_labels(y_true, y_pred, ignore_class)
    losses = ops.sparse_categorical_crossentropy(
        labels, y_pred, from_logits=from_logits, axis=axis
    )
    if valid is None:
        return losses
    losses = ops.where(valid, losses, ops.zeros_like(losses))
    try:
        losses._keras_mask = valid
    except AttributeError:
        pass  # NumPy arrays take no attributes; the Loss class finds the mask itself.
    return losses


def _check_q(q):
    if (
        isinstance(q, bool)
        or not isinstance(q, numbers.Real)
        or not math.isfinite(q)
        or q <= 0
    ):
        raise ValueError(f"`q` must be a positive number, as in (0, 1]; got q={q!r}.")
    return float(q)


def categorical_generalized_cross_entropy(y_true, y_pred, q):
    """The generalized cross-entropy `(1 - p**q) / q` of integer labels.

    `p` is the predicted probability of the true class. As `q` goes to 0 the loss
    tends to the cross-entropy, at `q = 1` it is the mean absolute error.

    Args:
        y_true: integer labels, (batch,) or (batch, 1).
        y_pred: predicted probabilities, (batch, num_classes).
        q: the noise parameter, in (0, 1].

    Returns:
        The loss of each sample, (batch,).

    >>> keras.losses.categorical_generalized_cross_entropy(
    ...     [1], [[0.36, 0.64]], q=0.5)  # [(1 - 0.8) / 0.5] = [0.4]
    """
    q = _check_q(q)
    y_pred = float_tensor(y_pred)
    labels, _ = _valid_labels(y_true, y_pred, None)
    p = ops.take_along_axis(y_pred, ops.expand_dims(labels, axis=-1), axis=-1)
    p = ops.squeeze(p, axis=-1)
    return (1.0 - ops.power(p, q)) / q


class BinaryCrossentropy(LossFunctionWrapper):
    """The binary cross-entropy between labels and predictions.

    Args:
        from_logits: whether `y_pred` holds logits rather than probabilities.
        label_smoothing: in [0, 1]; labels are squeezed towards 0.5.
        axis: the axis the mean is taken over.
        reduction: see `keras.Loss`.
        name: the name of the loss.
        dtype: the dtype of the computation.

    >>> keras.losses.BinaryCrossentropy()([[0.0, 1.0]], [[0.4, 0.6]])  # 0.5108
    """

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="binary_crossentropy",
        dtype=None,
    ):
        self.from_logits = check_bool(from_logits, "from_logits")
        self.label_smoothing = check_fraction(label_smoothing, "label_smoothing")
        self.axis = check_axis(axis)
        super().__init__(
            binary_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=self.from_logits,
            label_smoothing=self.label_smoothing,
            axis=self.axis,
        )

    def get_config(self):
        return {
            **Loss.get_config(self),
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
        }


class CategoricalCrossentropy(LossFunctionWrapper):
    """The cross-entropy between one-hot labels and predicted distributions.

    Args:
        from_logits: whether `y_pred` holds logits rather than probabilities.
        label_smoothing: in [0, 1]; labels are moved towards uniform.
        axis: the class axis.
        reduction: see `keras.Loss`.
        name: the name of the loss.
        dtype: the dtype of the computation.

    >>> keras.losses.CategoricalCrossentropy()([[0, 1, 0]], [[0.05, 0.95, 0.0]])
    """

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="categorical_crossentropy",
        dtype=None,
    ):
        self.from_logits = check_bool(from_logits, "from_logits")
        self.label_smoothing = check_fraction(label_smoothing, "label_smoothing")
        self.axis = check_axis(axis)
        super().__init__(
            categorical_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=self.from_logits,
            label_smoothing=self.label_smoothing,
            axis=self.axis,
        )

    def get_config(self):
        return {
            **Loss.get_config(self),
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
        }


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """The cross-entropy between integer labels and predicted distributions.

    Args:
        from_logits: whether `y_pred` holds logits rather than probabilities.
        ignore_class: a label to leave out (its samples neither add to the loss nor
            count in the mean), or None.
        reduction: see `keras.Loss`.
        name: the name of the loss.
        dtype: the dtype of the computation.

    >>> keras.losses.SparseCategoricalCrossentropy()([1], [[0.05, 0.95, 0.0]])
    """

    def __init__(
        self,
        from_logits=False,
        ignore_class=None,
        reduction="sum_over_batch_size",
        name="sparse_categorical_crossentropy",
        dtype=None,
    ):
        self.from_logits = check_bool(from_logits, "from_logits")
        if ignore_class is not None and (
            isinstance(ignore_class, bool)
            or not isinstance(ignore_class, numbers.Integral)
        ):
            raise TypeError(
                f"`ignore_class` must be an int or None; got {ignore_class!r}."
            )
        self.ignore_class = None if ignore_class is None else int(ignore_class)
        super().__init__(
            sparse_categorical_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=self.from_logits,
            ignore_class=self.ignore_class,
        )

    def call(self, y_true, y_pred):
        # Labels are never expanded to match the predictions' rank.
        return sparse_categorical_crossentropy(y_true, y_pred, **self._fn_kwargs)

    def _loss_mask(self, y_true, y_pred, losses):
        if self.ignore_class is None:
            return super()._loss_mask(y_true, y_pred, losses)
        return _valid_labels(y_true, y_pred, self.ignore_class)[1]

    def _unweighted_mean(self, y_true, y_pred):
        # Label and prediction tensors, nothing ignored or masked, no empty axis: the
        # mean cross-entropy as one fused computation (one `nll_loss` on torch).
        if (
            self.ignore_class is not None
            or not ops.is_tensor(y_pred)
            or not ops.is_tensor(y_true)
            or get_keras_mask(y_pred) is not None
            or not all(static_shape(y_pred)[:-1])
        ):
            return None
        y_pred = ops.convert_to_tensor(y_pred, dtype=self.dtype)
        return fused.mean_sparse_categorical_crossentropy(
            y_true, y_pred, from_logits=self.from_logits
        )

    def get_config(self):
        return {
            **Loss.get_config(self),
            "from_logits": self.from_logits,
            "ignore_class": self.ignore_class,
        }


class CategoricalGeneralizedCrossEntropy(LossFunctionWrapper):
    """The generalized cross-entropy of integer labels, robust to noisy labels.

    See `categorical_generalized_cross_entropy`.

    Args:
        q: the noise parameter, in (0, 1]: near 0 the loss behaves like the
            cross-entropy, at 1 like the mean absolute error.
        reduction: see `keras.Loss`.
        name: the name of the loss.
        dtype: the dtype of the computation.

    >>> keras.losses.CategoricalGeneralizedCrossEntropy(q=0.5)([1], [[0.36, 0.64]])
    """

    def __init__(
        self,
        q=0.5,
        reduction="sum_over_batch_size",
        name="categorical_generalized_cross_entropy",
        dtype=None,
    ):
        self.q = _check_q(q)
        super().__init__(
            categorical_generalized_cross_entropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            q=self.q,
        )

    def call(self, y_true, y_pred):
        return categorical_generalized_cross_entropy(y_true, y_pred, q=self.q)

    def get_config(self):
        return {**Loss.get_config(self), "q": self.q}
