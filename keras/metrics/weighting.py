"""Lining up values, labels, sample weights and Keras masks before they are reduced."""

from keras import ops


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Makes two tensors whose ranks differ by a trailing 1-sized axis the same rank.

    `(batch, 1)` against `(batch,)` gives `(batch, 1)` twice when `expand_rank_1` (the
    1-d tensor gains the axis), else `(batch,)` twice; other rank pairs are returned
    unchanged.
    """
    rank1, rank2 = len(x1.shape), len(x2.shape)
    if rank1 == rank2 + 1 and x1.shape[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = ops.expand_dims(x2, axis=-1)
        else:
            x1 = ops.squeeze(x1, axis=-1)
    elif rank2 == rank1 + 1 and x2.shape[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = ops.expand_dims(x1, axis=-1)
        else:
            x2 = ops.squeeze(x2, axis=-1)
    return x1, x2


def keras_mask(x):
    """The mask a masking layer attached to `x` (`x._keras_mask`), or None."""
    return getattr(x, "_keras_mask", None)


def apply_mask(sample_weight, mask, dtype):
    """`sample_weight` with masked-out entries set to 0 (the mask alone when None)."""
    if mask is None:
        return sample_weight
    mask = ops.cast(mask, dtype)
    if sample_weight is None:
        return mask
    sample_weight = ops.cast(sample_weight, dtype)
    mask, sample_weight = squeeze_or_expand_to_same_rank(mask, sample_weight)
    return sample_weight * mask


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """Weighted values reduced to one per sample, and the weights reduced to match.

    `values` (batch, ...) are multiplied by `sample_weight` (broadcast to them after its
    rank is aligned), then every axis past the first is reduced with `reduce_fn`; so are
    the axes of the weights past the first. Without weights, values are only reduced.

    Returns:
        `(values, sample_weight)`: values of shape `(batch,)` (or a scalar) and the
        weights of shape `(batch,)`, or None when no weights were given.
    """
    values = ops.cast(values, dtype)
    if sample_weight is not None:
        sample_weight = ops.cast(ops.convert_to_tensor(sample_weight), dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_rank, value_rank = len(sample_weight.shape), len(values.shape)
        if value_rank > weight_rank:
            values = reduce_fn(values, axis=tuple(range(weight_rank, value_rank)))
        sample_weight = ops.broadcast_to(sample_weight, ops.shape(values))
        values = values * sample_weight
        if weight_rank > 1:
            sample_weight = reduce_fn(sample_weight, axis=tuple(range(1, weight_rank)))
    if len(values.shape) > 1:
        values = reduce_fn(values, axis=tuple(range(1, len(values.shape))))
    return values, sample_weight
