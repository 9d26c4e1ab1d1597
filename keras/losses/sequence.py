"""Connectionist temporal classification (CTC) loss for unaligned label sequences."""

from keras import ops
from keras.losses.loss import Loss
from keras.losses.loss import LossFunctionWrapper
from keras.losses.loss import float_tensor
from keras.losses.loss import static_shape

# Class 0 is the blank; it also pads the labels.
_BLANK = 0


def ctc(y_true, y_pred):
    """The CTC loss of each sequence.

    Args:
        y_true: integer labels, (batch, max_label_length), padded with 0 (the blank
            class, which no label may use).
        y_pred: logits (not softmax-normalized), (batch, time, num_classes).

    Returns:
        The negative log-likelihood of each label sequence, (batch,).

    >>> keras.losses.ctc([[1, 2, 0]], keras.random.normal((1, 6, 4))).shape
    (1,)
    """
    labels = ops.cast(y_true, "int32")
    y_pred = float_tensor(y_pred)
    if len(static_shape(labels)) != 2:
        raise ValueError(
            "`y_true` must be integer labels of shape (batch_size, max_length); got "
            f"y_true.shape={static_shape(labels)}."
        )
    if len(static_shape(y_pred)) != 3:
        raise ValueError(
            "`y_pred` must be logits of shape (batch_size, max_length, num_classes); "
            f"got y_pred.shape={static_shape(y_pred)}."
        )
    label_length = ops.cast(ops.sum(ops.not_equal(labels, _BLANK), axis=-1), "int32")
    # Every output uses all its time steps: (batch,) copies of max_length.
    steps = ops.cast(ops.ones_like(y_pred[:, :, 0]), "int32")
    output_length = ops.sum(steps, axis=1)
    return ops.ctc_loss(labels, y_pred, label_length, output_length, mask_index=_BLANK)


class CTC(LossFunctionWrapper):
    """The CTC loss (see `ctc`).

    Args:
        reduction: see `keras.Loss`.
        name: the name of the loss.
        dtype: the dtype of the computation.

    >>> keras.losses.CTC()([[1, 2, 0]], keras.random.normal((1, 6, 4)))  # a scalar
    """

    def __init__(self, reduction="sum_over_batch_size", name="ctc", dtype=None):
        super().__init__(ctc, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
