"""Circle loss (Sun et al., 2020): pair similarities of embeddings, weighted by how far
each is from its optimum.

Embeddings are expected L2-normalized; the cosine distance of two is `1 - dot`.
"""

import math
import numbers

from keras import ops
from keras.losses.crossentropy import check_bool
from keras.losses.loss import Loss
from keras.losses.loss import LossFunctionWrapper
from keras.losses.loss import float_tensor


def _check_number(value, argument, minimum=None):
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
        or (minimum is not None and value < minimum)
    ):
        bound = "" if minimum is None else f" >= {minimum}"
        raise ValueError(f"`{argument}` must be a finite number{bound}; got {value!r}.")
    return float(value)


def _masked_logsumexp(x, mask):
    """log(sum(exp(x))) over the entries of each row that `mask` keeps.

    Rows that keep nothing give a finite placeholder; callers mask them out. Every
    intermediate stays finite, so no NaN reaches the gradients.
    """
    floor = ops.min(x)
    shift = ops.stop_gradient(ops.max(ops.where(mask, x, floor), axis=1, keepdims=True))
    # Kept entries are <= 0 after the shift; the others are zeroed before exp.
    exponentials = ops.exp(ops.where(mask, x - shift, 0.0))
    total = ops.sum(ops.where(mask, exponentials, 0.0), axis=1)
    has_any = ops.any(mask, axis=1)
    return ops.log(ops.where(has_any, total, 1.0)) + ops.squeeze(shift, axis=1)


def _as_column_labels(labels):
    return ops.reshape(ops.cast(labels, "int32"), (-1,))


def circle(
    y_true,
    y_pred,
    ref_labels=None,
    ref_embeddings=None,
    remove_diagonal=True,
    gamma=80,
    margin=0.4,
):
    """The Circle loss of each embedding against the reference embeddings.

    For an anchor with cosine distances `d` to its positives (same label) and
    negatives (other labels), the loss is
    `softplus(logsumexp(-gamma * a_p * (margin - d_p)) +
    logsumexp(gamma * a_n * (1 - margin - d_n)))`, with the weights
    `a_p = max(margin + d_p, 0)` and `a_n = max(1 + margin - d_n, 0)`. An anchor
    without a positive or without a negative has a loss of 0.

    Args:
        y_true: integer labels, (batch,) or (batch, 1).
        y_pred: L2-normalized embeddings, (batch, dim).
        ref_labels: labels of the reference embeddings; defaults to `y_true`.
        ref_embeddings: L2-normalized reference embeddings, (refs, dim); defaults
            to `y_pred`.
        remove_diagonal: whether an embedding is not its own positive (for
            references that are the batch itself).
        gamma: the scale of the similarities.
        margin: the relaxation margin.

    Returns:
        The loss of each embedding, (batch,).

    >>> x = keras.ops.normalize(keras.random.normal((4, 8)), axis=-1)
    >>> keras.losses.circle([0, 0, 1, 1], x).shape
    (4,)
    """
    y_pred = float_tensor(y_pred)
    labels = _as_column_labels(y_true)
    if ref_embeddings is None:
        ref_embeddings = y_pred
    else:
        ref_embeddings = ops.cast(ref_embeddings, y_pred.dtype)
    ref_labels = labels if ref_labels is None else _as_column_labels(ref_labels)
    # (batch, refs) cosine distances, and which pairs share a label.
    similarities = ops.matmul(y_pred, ops.transpose(ref_embeddings))
    distances = ops.maximum(1.0 - similarities, 0.0)
    positive = ops.equal(ops.expand_dims(labels, 1), ops.expand_dims(ref_labels, 0))
    negative = ops.logical_not(positive)
    if remove_diagonal:
        # Positions from cumulative sums keep working when the batch size is dynamic.
        rows = ops.cumsum(ops.ones_like(labels)) - 1
        cols = ops.cumsum(ops.ones_like(ref_labels)) - 1
        itself = ops.equal(ops.expand_dims(rows, 1), ops.expand_dims(cols, 0))
        positive = ops.logical_and(positive, ops.logical_not(itself))
    positive_weights = ops.maximum(margin + distances, 0.0)
    negative_weights = ops.maximum(1.0 + margin - distances, 0.0)
    positive_logits = -gamma * positive_weights * (margin - distances)
    negative_logits = gamma * negative_weights * (1.0 - margin - distances)
    total = _masked_logsumexp(positive_logits, positive) + _masked_logsumexp(
        negative_logits, negative
    )
    valid = ops.logical_and(ops.any(positive, axis=1), ops.any(negative, axis=1))
    losses = ops.where(valid, ops.softplus(ops.where(valid, total, 0.0)), 0.0)
    try:
        losses._keras_mask = losses > 0
    except AttributeError:
        pass  # NumPy arrays take no attributes; the Circle class finds the mask itself.
    return losses


class Circle(LossFunctionWrapper):
    """The Circle loss of integer labels and L2-normalized embeddings (see `circle`).

    Only embeddings with a positive loss count in the mean.

    Args:
        gamma: the scale of the similarities.
        margin: the relaxation margin.
        remove_diagonal: whether an embedding is not its own positive.
        reduction: see `keras.Loss`.
        name: the name of the loss.
        dtype: the dtype of the computation.

    >>> x = keras.ops.normalize(keras.random.normal((4, 8)), axis=-1)
    >>> keras.losses.Circle()([0, 0, 1, 1], x)  # a scalar
    """

    def __init__(
        self,
        gamma=80.0,
        margin=0.4,
        remove_diagonal=True,
        reduction="sum_over_batch_size",
        name="circle",
        dtype=None,
    ):
        self.gamma = _check_number(gamma, "gamma", minimum=0)
        self.margin = _check_number(margin, "margin")
        self.remove_diagonal = check_bool(remove_diagonal, "remove_diagonal")
        super().__init__(
            circle,
            name=name,
            reduction=reduction,
            dtype=dtype,
            gamma=self.gamma,
            margin=self.margin,
            remove_diagonal=self.remove_diagonal,
        )

    def _loss_mask(self, y_true, y_pred, losses):
        return losses > 0

    def get_config(self):
        return {
            **Loss.get_config(self),
            "gamma": self.gamma,
            "margin": self.margin,
            "remove_diagonal": self.remove_diagonal,
        }
