"""Counting weighted true/false positives/negatives at a list of thresholds.

Shared by the confusion-matrix metrics (TruePositives, Precision, AUC, ...). A
prediction is positive at threshold `t` when `y_pred > t`; a label is positive when it
is non-zero.
"""

from keras import ops
from keras.metrics import weighting

# Scores outside the top k are replaced by this, so no threshold counts them positive.
NEG_INF = -1e10

TRUE_POSITIVES = "true_positives"
FALSE_POSITIVES = "false_positives"
TRUE_NEGATIVES = "true_negatives"
FALSE_NEGATIVES = "false_negatives"
CONDITIONS = (TRUE_POSITIVES, FALSE_POSITIVES, TRUE_NEGATIVES, FALSE_NEGATIVES)


def parse_init_thresholds(thresholds, default_threshold=0.5):
    """The thresholds as a list of floats (`[default_threshold]` when None).

    Raises a ValueError when a given threshold is outside [0, 1].
    """
    if thresholds is None:
        return [default_threshold]
    values = list(thresholds) if isinstance(thresholds, (list, tuple)) else [thresholds]
    invalid = [t for t in values if t is None or not 0 <= t <= 1]
    if invalid:
        raise ValueError(
            f"Threshold values must be in [0, 1]; got thresholds={thresholds!r} "
            f"(invalid: {invalid})."
        )
    return [float(t) for t in values]


def evenly_spaced_thresholds(num_thresholds):
    """`num_thresholds` thresholds from 0 to 1 inclusive, evenly spaced."""
    step = 1.0 / (num_thresholds - 1)
    inner = [(i + 1) * step for i in range(num_thresholds - 2)]
    return [0.0] + inner + [1.0]


def filter_top_k(x, k):
    """`x` with all but the `k` largest entries of the last axis set to NEG_INF.

    Ties are broken by position (the lower index wins), as `top_k` does.
    """
    # (..., C, 1) against (..., 1, C): entry i is beaten by j when x_j > x_i, or when
    # they are equal and j < i.
    column = ops.expand_dims(x, -1)
    row = ops.expand_dims(x, -2)
    size = x.shape[-1]
    index = ops.arange(size)
    earlier = ops.less(ops.expand_dims(index, 0), ops.expand_dims(index, 1))
    beaten_by = ops.logical_or(
        ops.greater(row, column), ops.logical_and(ops.equal(row, column), earlier)
    )
    rank = ops.sum(ops.cast(beaten_by, "int32"), axis=-1)
    return ops.where(ops.less(rank, k), x, ops.full_like(x, NEG_INF))


def _broadcast_weights(weights, y_pred, dtype):
    """`weights` cast and broadcast to the shape of `y_pred` (trailing axes added)."""
    weights = ops.cast(ops.convert_to_tensor(weights), dtype)
    y_pred, weights = weighting.squeeze_or_expand_to_same_rank(
        y_pred, weights, expand_rank_1=False
    )
    while len(weights.shape) < len(y_pred.shape):
        weights = ops.expand_dims(weights, -1)
    return ops.broadcast_to(weights, ops.shape(y_pred))


def update_confusion_matrix_variables(
    variables_to_update,
    y_true,
    y_pred,
    thresholds,
    top_k=None,
    class_id=None,
    sample_weight=None,
    multi_label=False,
    label_weights=None,
):
    """Adds the weighted confusion counts of one batch to the given variables.

    Args:
        variables_to_update: a dict from condition names (TRUE_POSITIVES, ...) to the
            Variables accumulating them: shape `(num_thresholds,)`, or
            `(num_thresholds, num_labels)` with `multi_label`.
        y_true: labels, the shape of `y_pred` (non-zero means positive).
        y_pred: scores, usually in [0, 1].
        thresholds: a list of floats.
        top_k: when set, only the `top_k` largest scores of each row can be positive.
        class_id: when set, only that class (an index on the last axis) is counted.
        sample_weight: weights broadcastable to `y_pred` (e.g. one per sample).
        multi_label: whether each label (last axis) keeps its own counts; otherwise
            all entries are pooled.
        label_weights: weights per label (last axis), pooled mode only.
    """
    unknown = set(variables_to_update) - set(CONDITIONS)
    if unknown:
        raise ValueError(
            f"Unknown confusion matrix conditions {sorted(unknown)}; expected some of "
            f"{CONDITIONS}."
        )
    dtype = next(iter(variables_to_update.values())).dtype
    y_pred = ops.cast(ops.convert_to_tensor(y_pred), dtype)
    y_true = ops.cast(ops.convert_to_tensor(y_true), dtype)
    y_true, y_pred = weighting.squeeze_or_expand_to_same_rank(
        y_true, y_pred, expand_rank_1=False
    )
    weights = None
    if sample_weight is not None:
        weights = _broadcast_weights(sample_weight, y_pred, dtype)
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        y_true = y_true[..., class_id : class_id + 1]
        y_pred = y_pred[..., class_id : class_id + 1]
        if weights is not None:
            weights = weights[..., class_id : class_id + 1]
    if label_weights is not None and not multi_label:
        # One weight per label: aligned with the last axis, as NumPy broadcasts.
        label_weights = ops.cast(ops.convert_to_tensor(label_weights), dtype)
        label_weights = ops.broadcast_to(label_weights, ops.shape(y_pred))
        weights = label_weights if weights is None else weights * label_weights

    thresholds = ops.convert_to_tensor(thresholds, dtype=dtype)
    if not multi_label:
        # All entries pooled: (M,), compared below as (T, M).
        y_pred = ops.reshape(y_pred, (-1,))
        y_true = ops.reshape(y_true, (-1,))
        if weights is not None:
            weights = ops.reshape(weights, (-1,))
    # (T, 1) or, multi-label, (T, 1, 1) against (1, N, D): each label keeps its counts.
    shape = (-1,) + (1,) * len(y_pred.shape)
    predicted = ops.greater(ops.expand_dims(y_pred, 0), ops.reshape(thresholds, shape))
    actual = ops.expand_dims(ops.not_equal(y_true, 0), 0)
    conditions = {
        TRUE_POSITIVES: lambda: ops.logical_and(actual, predicted),
        FALSE_POSITIVES: lambda: ops.logical_and(ops.logical_not(actual), predicted),
        TRUE_NEGATIVES: lambda: ops.logical_not(ops.logical_or(actual, predicted)),
        FALSE_NEGATIVES: lambda: ops.logical_and(actual, ops.logical_not(predicted)),
    }
    for name, variable in variables_to_update.items():
        hits = ops.cast(conditions[name](), dtype)
        if weights is not None:
            hits = hits * ops.expand_dims(weights, 0)
        variable.assign_add(ops.sum(hits, axis=1))
