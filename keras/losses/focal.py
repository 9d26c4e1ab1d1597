"""Focal cross-entropies (Lin et al., 2018): cross-entropy down-weighted on easy
examples.

The focal factor `(1 - p_t) ** gamma`, where `p_t` is the probability given to the
true class, shrinks the loss of confident, correct predictions.
"""

import math
import numbers

from keras import ops
from keras.backends.common import config
from keras.losses.crossentropy import check_axis
from keras.losses.crossentropy import check_bool
from keras.losses.crossentropy import check_fraction
from keras.losses.crossentropy import smooth_categorical
from keras.losses.loss import Loss
from keras.losses.loss import LossFunctionWrapper
from keras.losses.loss import float_pair


def _check_gamma(gamma):
    if (
        isinstance(gamma, bool)
        or not isinstance(gamma, numbers.Real)
        or not math.isfinite(gamma)
        or gamma < 0
    ):
        raise ValueError(
            f"`gamma` must be a non-negative finite number; got gamma={gamma!r}."
        )
    return float(gamma)


def _check_class_alpha(alpha):
    """A number in [0, 1], or a list of per-class numbers in [0, 1]."""
    if isinstance(alpha, (list, tuple)):
        return [check_fraction(a, "alpha") for a in alpha]
    return check_fraction(alpha, "alpha")


def binary_focal_crossentropy(
    y_true,
    y_pred,
    apply_class_balancing=False,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    """The binary focal cross-entropy of each element, averaged over `axis`.

    Per element: `(1 - p_t) ** gamma * bce`, with `p_t = y * p + (1 - y) * (1 - p)`;
    with `apply_class_balancing`, also times `alpha` for label 1 and `1 - alpha` for
    label 0.

    Args:
        y_true: labels in [0, 1].
        y_pred: predicted probabilities, or logits when `from_logits`.
        apply_class_balancing: whether to weigh the classes by `alpha`.
        alpha: the weight of class 1 (class 0 weighs `1 - alpha`).
        gamma: the focusing parameter; 0 gives the binary cross-entropy.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1]; labels become `y * (1 - s) + 0.5 * s`.
        axis: the axis the mean is taken over.

    Returns:
        The loss of each sample: `y_pred`'s shape without `axis`.

    >>> keras.losses.binary_focal_crossentropy([[0, 1], [0, 0]],
    ...                                        [[0.6, 0.4], [0.4, 0.6]])
    ... # [0.330, 0.206]
    """
    y_true, y_pred = float_pair(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        y_pred = ops.sigmoid(y_pred)
    bce = ops.binary_crossentropy(y_true, y_pred, from_logits=False)
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal = ops.power(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1.0 - y_true) * (1.0 - alpha)) * focal
    return ops.mean(focal, axis=axis)


def categorical_focal_crossentropy(
    y_true,
    y_pred,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    """The categorical focal cross-entropy between one-hot labels and predictions.

    Per class: `-alpha * (1 - p) ** gamma * y * log(p)`, with `p` the predicted
    probabilities renormalized over `axis` and clipped to [epsilon, 1 - epsilon];
    then the sum over `axis`.

    Args:
        y_true: one-hot (or soft) labels, same shape as `y_pred`.
        y_pred: predicted probabilities, or logits when `from_logits`.
        alpha: the weight of every class, or a list of one weight per class (along
            the last axis).
        gamma: the focusing parameter; 0 gives `alpha` times the cross-entropy.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1]; labels become `y * (1 - s) + s / num_classes`.
        axis: the class axis.

    Returns:
        The loss of each sample: `y_pred`'s shape without `axis`.

    >>> keras.losses.categorical_focal_crossentropy([[0, 1, 0]], [[0.1, 0.8, 0.1]])
    """
    axis = check_axis(axis)
    y_true, y_pred = float_pair(y_true, y_pred)
    y_true = smooth_categorical(y_true, label_smoothing, axis)
    if from_logits:
        y_pred = ops.softmax(y_pred, axis=axis)
    epsilon = config.epsilon()
    p = y_pred / ops.sum(y_pred, axis=axis, keepdims=True)
    p = ops.clip(p, epsilon, 1.0 - epsilon)
    if isinstance(alpha, (list, tuple)):
        alpha = ops.convert_to_tensor(alpha, dtype=p.dtype)
    focal = alpha * ops.power(1.0 - p, gamma) * (-y_true * ops.log(p))
    return ops.sum(focal, axis=axis)


class BinaryFocalCrossentropy(LossFunctionWrapper):
    """The binary focal cross-entropy (see `binary_focal_crossentropy`).

    Args:
        apply_class_balancing: whether to weigh the classes by `alpha`.
        alpha: the weight of class 1 when balancing (class 0 weighs `1 - alpha`).
        gamma: the focusing parameter.
        from_logits: whether `y_pred` holds logits rather than probabilities.
        label_smoothing: in [0, 1]; labels are squeezed towards 0.5.
        axis: the axis the mean is taken over.
        reduction: see `keras.Loss`.
        name: the name of the loss.
        dtype: the dtype of the computation.

    >>> keras.losses.BinaryFocalCrossentropy(gamma=2.0)([[0, 1]], [[0.6, 0.4]])
    """

    def __init__(
        self,
        apply_class_balancing=False,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="binary_focal_crossentropy",
        dtype=None,
    ):
        self.apply_class_balancing = check_bool(
            apply_class_balancing, "apply_class_balancing"
        )
        self.alpha = check_fraction(alpha, "alpha")
        self.gamma = _check_gamma(gamma)
        self.from_logits = check_bool(from_logits, "from_logits")
        self.label_smoothing = check_fraction(label_smoothing, "label_smoothing")
        self.axis = check_axis(axis)
        super().__init__(
            binary_focal_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            apply_class_balancing=self.apply_class_balancing,
            alpha=self.alpha,
            gamma=self.gamma,
            from_logits=self.from_logits,
            label_smoothing=self.label_smoothing,
            axis=self.axis,
        )

    def get_config(self):
        return {
            **Loss.get_config(self),
            "apply_class_balancing": self.apply_class_balancing,
            "alpha": self.alpha,
            "gamma": self.gamma,
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
        }


class CategoricalFocalCrossentropy(LossFunctionWrapper):
    """The categorical focal cross-entropy (see `categorical_focal_crossentropy`).

    Args:
        alpha: the weight of every class, or a list of one weight per class.
        gamma: the focusing parameter.
        from_logits: whether `y_pred` holds logits rather than probabilities.
        label_smoothing: in [0, 1]; labels are moved towards uniform.
        axis: the class axis.
        reduction: see `keras.Loss`.
        name: the name of the loss.
        dtype: the dtype of the computation.

    >>> keras.losses.CategoricalFocalCrossentropy()([[0, 1, 0]], [[0.1, 0.8, 0.1]])
    """

    def __init__(
        self,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="categorical_focal_crossentropy",
        dtype=None,
    ):
        self.alpha = _check_class_alpha(alpha)
        self.gamma = _check_gamma(gamma)
        self.from_logits = check_bool(from_logits, "from_logits")
        self.label_smoothing = check_fraction(label_smoothing, "label_smoothing")
        self.axis = check_axis(axis)
        super().__init__(
            categorical_focal_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            alpha=self.alpha,
            gamma=self.gamma,
            from_logits=self.from_logits,
            label_smoothing=self.label_smoothing,
            axis=self.axis,
        )

    def get_config(self):
        return {
            **Loss.get_config(self),
            "alpha": self.alpha,
            "gamma": self.gamma,
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
        }
