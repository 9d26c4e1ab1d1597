"""The attention mask of MultiHeadAttention and GroupedQueryAttention.

Both layers take the same masks: the padding masks of the query, value and key
sequences (given, or the `_keras_mask` a masking layer attached), an explicit
`attention_mask`, a causal mask and a sliding window. They combine into one boolean
mask of shape (batch, query_length, key_length), True where a query may attend.
"""

from keras import ops
from keras.backends.common import dtypes


def _as_bool(mask):
    if dtypes.standardize_dtype(mask.dtype) == "bool":
        return mask
    return ops.cast(mask, "bool")


def _and(a, b):
    return b if a is None else ops.logical_and(a, b)


def _position_mask(query_length, key_length, use_causal_mask, sliding_window):
    """(1, T, S): query i may see key j when j <= i (causal) and |i - j| < window."""
    rows = ops.expand_dims(ops.arange(query_length, dtype="int32"), 1)
    cols = ops.expand_dims(ops.arange(key_length, dtype="int32"), 0)
    keep = None
    if use_causal_mask:
        keep = ops.greater_equal(rows, cols)
    if sliding_window is not None:
        keep = _and(keep, ops.less(ops.subtract(rows, cols), sliding_window))
        if not use_causal_mask:
            keep = _and(keep, ops.less(ops.subtract(cols, rows), sliding_window))
    return ops.expand_dims(keep, 0)


def combined_mask(
    layer_name,
    query,
    value,
    key,
    query_mask,
    value_mask,
    key_mask,
    attention_mask,
    use_causal_mask,
    sliding_window,
):
    """The boolean mask (batch or 1, T, S) the attention applies, or None.

    A missing `query_mask`, `value_mask` or `key_mask` is taken from the `_keras_mask`
    of the tensor. The padding masks apply to rank-3 sequences (batch, length,
    features); on inputs of other ranks only `attention_mask` is supported.
    """
    if query_mask is None:
        query_mask = getattr(query, "_keras_mask", None)
    if value_mask is None:
        value_mask = getattr(value, "_keras_mask", None)
    if key_mask is None and key is not value:
        key_mask = getattr(key, "_keras_mask", None)
    sequence = len(query.shape) == 3
    padding = {
        "query_mask": query_mask, "value_mask": value_mask, "key_mask": key_mask,
    }
    for name, mask in padding.items():
        if mask is not None and (not sequence or len(mask.shape) != 2):
            raise ValueError(
                f"Layer '{layer_name}': `{name}` must be a (batch, length) mask of "
                f"rank-3 (batch, length, features) inputs; received {name} of shape "
                f"{tuple(mask.shape)} with query of shape {tuple(query.shape)}. Use "
                "`attention_mask` for inputs of other ranks."
            )
    positional = use_causal_mask or sliding_window is not None
    if positional and not sequence:
        raise ValueError(
            f"Layer '{layer_name}': `use_causal_mask` and `sliding_window` need "
            "rank-3 (batch, length, features) inputs; received query of shape "
            f"{tuple(query.shape)}."
        )
    mask = None
    if query_mask is not None:
        mask = ops.expand_dims(_as_bool(query_mask), -1)  # (B, T, 1)
    if value_mask is not None:
        mask = _and(mask, ops.expand_dims(_as_bool(value_mask), -2))  # (B, 1, S)
    if key_mask is not None:
        mask = _and(mask, ops.expand_dims(_as_bool(key_mask), -2))
    if attention_mask is not None:
        mask = _and(mask, _as_bool(attention_mask))
    if positional:
        lengths = ops.shape(query)[1], ops.shape(value)[1]
        mask = _and(mask, _position_mask(*lengths, use_causal_mask, sliding_window))
    return mask
