"""The Loss base class: per-sample losses, sample weights, masks and the reduction.

`call(y_true, y_pred)` gives the loss of each sample; `__call__` weights those losses
(by `sample_weight` and by the Keras mask of `y_pred`, if any) and reduces them.
"""

import re

from keras import ops
from keras.backends.common import config
from keras.backends.common import dtypes
from keras.backends.common import tree
from keras.backends.common.name_scope import auto_name
from keras.dtype_policies import dtype_policy
from keras.saving import serialization_lib

REDUCTIONS = (
    "sum_over_batch_size",
    "sum",
    "mean",
    "mean_with_sample_weight",
    "none",
    None,
)


# Reductions that, without sample weights, are the mean of the losses.
_MEAN_REDUCTIONS = frozenset(("sum_over_batch_size", "mean", "mean_with_sample_weight"))


def standardize_reduction(reduction):
    """`reduction` itself if it is one of REDUCTIONS; a ValueError otherwise."""
    if not (reduction is None or isinstance(reduction, str)) or (
        reduction not in REDUCTIONS
    ):
        raise ValueError(
            f"Invalid value for argument `reduction`: expected one of {REDUCTIONS}; "
            f"got reduction={reduction!r}."
        )
    return reduction


def static_shape(x):
    """The shape of tensor `x` known at trace time: a tuple of ints and None."""
    return tuple(x.shape)


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Aligns the ranks of `x1` and `x2` when they differ by a trailing axis of size 1.

    The higher-rank tensor loses that axis, except when the other one is a vector
    (and `expand_rank_1`), which then gains it: (batch,) and (batch, 1) become
    (batch, 1) both, (batch, time) and (batch, time, 1) become (batch, time) both.
    """
    shape1, shape2 = static_shape(x1), static_shape(x2)
    rank1, rank2 = len(shape1), len(shape2)
    if rank1 == rank2 + 1 and shape1[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = ops.expand_dims(x2, axis=-1)
        else:
            x1 = ops.squeeze(x1, axis=-1)
    elif rank2 == rank1 + 1 and shape2[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = ops.expand_dims(x1, axis=-1)
        else:
            x2 = ops.squeeze(x2, axis=-1)
    return x1, x2


def _align_weights(values, weights):
    """`weights` reshaped to broadcast against `values` sample by sample.

    Weights of a higher rank than the losses (e.g. per-timestep weights of a loss
    already averaged over time) are averaged over their extra trailing axes; weights
    of a lower rank whose shape is the leading part of the losses' shape (e.g.
    (batch,) weights of (batch, time) losses) gain trailing axes of size 1.
    """
    values, weights = squeeze_or_expand_to_same_rank(values, weights)
    values_shape, weights_shape = static_shape(values), static_shape(weights)
    if len(weights_shape) > len(values_shape):
        extra = tuple(range(len(values_shape), len(weights_shape)))
        weights = ops.mean(weights, axis=extra)
    elif 0 < len(weights_shape) < len(values_shape) and (
        weights_shape == values_shape[: len(weights_shape)]
    ):
        for _ in range(len(values_shape) - len(weights_shape)):
            weights = ops.expand_dims(weights, axis=-1)
    return values, weights


def _element_count(x, dtype):
    return ops.cast(ops.size(x), dtype)


def apply_mask(sample_weight, mask, dtype, reduction):
    """Folds a boolean `mask` into `sample_weight` (masked entries weigh 0).

    For the "mean" reductions the kept entries weigh total/kept, so that dividing by
    the number of entries averages over the kept ones only.
    """
    if mask is None:
        return sample_weight
    mask = ops.cast(mask, dtype)
    if reduction in ("sum_over_batch_size", "mean"):
        kept = ops.sum(mask)
        mask = mask * (_element_count(mask, dtype) / (kept + config.epsilon()))
    if sample_weight is None:
        return mask
    sample_weight = ops.cast(sample_weight, dtype)
    mask, sample_weight = _align_weights(mask, sample_weight)
    return sample_weight * mask


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Reduces weighted losses: a sum, or a sum divided by their count or weight."""
    if reduction in (None, "none") or static_shape(values) in ((), (0,)):
        return values
    if sample_weight is None and reduction != "sum" and _static_count(values):
        # Unweighted, with a count known now and not 0: the mean, in one op.
        return ops.mean(values)
    loss = ops.sum(values)
    if reduction == "sum":
        return loss
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        divisor = ops.cast(ops.sum(sample_weight), loss.dtype)
    else:
        count = _static_count(values)
        if count:
            # A count known now and not 0: a plain division gives the same value.
            return ops.divide(loss, count)
        divisor = _element_count(values, loss.dtype)
    return ops.divide_no_nan(loss, divisor)


def _static_count(x):
    """The number of elements of `x` when its shape is fully known, else None."""
    count = 1
    for dim in static_shape(x):
        if dim is None:
            return None
        count *= int(dim)
    return count


def reduce_weighted_values(
    values, sample_weight=None, mask=None, reduction="sum_over_batch_size", dtype=None
):
    """Weights `values` by `sample_weight` and `mask`, then applies `reduction`.

    Args:
        values: per-sample (or per-element) losses.
        sample_weight: None, a scalar, or weights that broadcast against `values`
            (after `squeeze_or_expand_to_same_rank`).
        mask: None or a boolean tensor; masked-out values weigh 0.
        reduction: one of REDUCTIONS.
        dtype: the dtype to compute in (default: the dtype of `values`).

    Returns:
        The reduced loss (a scalar), or the weighted values for "none"/None.
    """
    reduction = standardize_reduction(reduction)
    values = ops.convert_to_tensor(values, dtype=dtype)
    if sample_weight is not None:
        sample_weight = ops.convert_to_tensor(sample_weight, dtype=values.dtype)
    sample_weight = apply_mask(sample_weight, mask, values.dtype, reduction)
    if sample_weight is not None:
        sample_weight = ops.cast(sample_weight, values.dtype)
        values, sample_weight = _align_weights(values, sample_weight)
        values = values * sample_weight
    return reduce_values(values, sample_weight, reduction)


def _snake_case(name):
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def get_keras_mask(x):
    """The Keras mask a layer attached to `x`, or None."""
    return getattr(x, "_keras_mask", None)


class Loss:
    """Base class of losses: `call` gives per-sample losses, `__call__` reduces them.

    A subclass implements `call(y_true, y_pred)`, returning the loss of each sample,
    and `get_config()` when its constructor takes more arguments than the base.

    Args:
        name: the name of the loss; defaults to the snake_case class name.
        reduction: "sum_over_batch_size" (the default: the sum divided by the number
            of elements), "sum", "mean" (same as "sum_over_batch_size"),
            "mean_with_sample_weight" (the sum divided by the sum of the sample
            weights) or "none"/None (no reduction).
        dtype: the dtype (or DTypePolicy) of the computation; defaults to
            `keras.config.floatx()`.

    >>> class MeanError(keras.Loss):
    ...     def call(self, y_true, y_pred):
    ...         return keras.ops.mean(y_pred - y_true, axis=-1)
    >>> MeanError()([[0.0, 1.0]], [[1.0, 3.0]])  # 1.5
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or auto_name(_snake_case(type(self).__name__))
        self.reduction = standardize_reduction(reduction)
        self._dtype_policy = dtype_policy.get(
            config.floatx() if dtype is None else dtype
        )

    @property
    def dtype(self):
        """The dtype the loss computes in."""
        return self._dtype_policy.compute_dtype

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The weighted, reduced loss of `y_pred` against `y_true`.

        Args:
            y_true: the targets.
            y_pred: the predictions; a Keras mask attached to it (by a masking
                layer) drops the masked samples.
            sample_weight: None, a scalar or per-sample weights.

        Returns:
            A scalar tensor, or the per-sample losses for reduction "none"/None.
        """
        if sample_weight is None and self.reduction in _MEAN_REDUCTIONS:
            # Unweighted mean: a loss may compute it in fewer ops (same value).
            reduced = self._unweighted_mean(y_true, y_pred)
            if reduced is not None:
                return reduced
        in_mask = None if tree.is_nested(y_pred) else get_keras_mask(y_pred)

        def convert(x):
            return ops.convert_to_tensor(x, dtype=self.dtype)

        if tree.is_nested(y_true) or tree.is_nested(y_pred):
            y_true = tree.map_structure(convert, y_true)
            y_pred = tree.map_structure(convert, y_pred)
        else:
            y_true, y_pred = convert(y_true), convert(y_pred)
        losses = self.call(y_true, y_pred)
        out_mask = self._loss_mask(y_true, y_pred, losses)
        if in_mask is not None and out_mask is not None:
            mask = ops.logical_and(in_mask, out_mask)
        else:
            mask = out_mask if in_mask is None else in_mask
        return reduce_weighted_values(
            losses,
            sample_weight=sample_weight,
            mask=mask,
            reduction=self.reduction,
            dtype=self.dtype,
        )

    def _loss_mask(self, y_true, y_pred, losses):
        """Which losses count (a boolean tensor), or None for all of them."""
        return get_keras_mask(losses)

    def _unweighted_mean(self, y_true, y_pred):
        """The loss averaged over all values, computed by a shorter route than `call`
        then `reduce_weighted_values`, or None to take that route. Called only without
        sample weights and with a mean reduction; a loss that defines it must return
        what that route returns."""
        return None

    def call(self, y_true, y_pred):
        """The loss of each sample; subclasses implement it."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement call(y_true, y_pred)."
        )

    def get_config(self):
        """The constructor arguments of this loss, as a dict."""
        return {"name": self.name, "reduction": self.reduction, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        """Builds a loss from the dict `get_config()` returned."""
        return cls(**config)

    def __repr__(self):
        name = type(self).__name__
        return f"<{name} name={self.name!r} reduction={self.reduction!r}>"


class LossFunctionWrapper(Loss):
    """A Loss that calls a function `fn(y_true, y_pred, **kwargs)` for its losses.

    Before the call, `y_true` and `y_pred` whose ranks differ by a trailing axis of
    size 1 are aligned (see `squeeze_or_expand_to_same_rank`).

    Args:
        fn: the function computing per-sample losses.
        reduction: see `Loss`.
        name: the name of the loss; defaults to the name of `fn`.
        dtype: see `Loss`.
        **kwargs: keyword arguments passed on to `fn`.

    >>> loss = keras.losses.LossFunctionWrapper(keras.losses.huber, delta=0.5)
    """

    def __init__(
        self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs
    ):
        if not callable(fn):
            raise TypeError(
                f"LossFunctionWrapper needs a callable `fn`; got {fn!r} of type "
                f"{type(fn).__name__}."
            )
        if name is None:
            name = getattr(fn, "__name__", None)
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        if tree.is_nested(y_true) or tree.is_nested(y_pred):
            return self.fn(y_true, y_pred, **self._fn_kwargs)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = super().get_config()
        config["fn"] = serialization_lib.serialize_keras_object(self.fn)
        config.update(serialization_lib.serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "fn" in config:
            config["fn"] = serialization_lib.deserialize_keras_object(config["fn"])
        return cls(**config)

    def __repr__(self):
        return f"<LossFunctionWrapper({self.fn}, kwargs={self._fn_kwargs})>"


def float_tensor(x):
    """`x` as a tensor of its own floating dtype, or of floatx if it is not floating."""
    x = ops.convert_to_tensor(x)
    if not dtypes.is_float_dtype(x.dtype):
        x = ops.cast(x, config.floatx())
    return x


def float_pair(y_true, y_pred):
    """`y_pred` as a floating tensor, and `y_true` cast to its dtype."""
    y_pred = float_tensor(y_pred)
    return ops.cast(y_true, y_pred.dtype), y_pred
