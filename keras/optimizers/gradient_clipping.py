"""Gradient clipping by norm: the `clipnorm` and `global_clipnorm` of optimizers."""

from keras import ops


def _l2_norm(x):
    # Rewritten so the gradient of the norm at 0 is 0, not NaN.
    squares = ops.sum(ops.square(x))
    positive = squares > 0
    safe = ops.where(positive, squares, ops.ones_like(squares))
    return ops.where(positive, ops.sqrt(safe), squares)


def clip_by_norm(gradient, clipnorm):
    """`gradient` rescaled so that its L2 norm is at most `clipnorm`.

    >>> clip_by_norm(keras.ops.convert_to_tensor([3.0, 4.0]), 1.0)  # [0.6, 0.8]
    """
    norm = ops.cast(_l2_norm(gradient), gradient.dtype)
    return gradient * clipnorm / ops.maximum(norm, clipnorm)


def global_norm(gradients):
    """The L2 norm of all `gradients` together (None entries are skipped)."""
    total = [
        ops.sum(ops.square(ops.cast(g, "float32"))) for g in gradients if g is not None
    ]
    return ops.sqrt(ops.sum(ops.stack(total)))


def clip_by_global_norm(gradients, clipnorm):
    """`gradients` all rescaled by one factor, so their global norm is at most
    `clipnorm` (None entries stay None)."""
    norm = global_norm(gradients)
    scale = clipnorm / ops.maximum(norm, clipnorm)
    return [None if g is None else g * ops.cast(scale, g.dtype) for g in gradients]
