"""Regularizers: penalties on weights that are added to the loss.

A regularizer is called on a weight tensor and returns a scalar tensor.
"""

import math

from keras import ops


def _non_negative_float(value, name):
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or math.isnan(value)
        or math.isinf(value)
        or value < 0
    ):
        raise ValueError(
            f"`{name}` must be a non-negative, finite float; got {name}={value!r}."
        )
    return float(value)


class Regularizer:
    """Base class of regularizers: callables from a weight to a scalar penalty.

    A subclass implements `__call__(self, x)` and `get_config()` (its constructor
    arguments as a dict), so that `from_config(get_config())` rebuilds it.

    >>> class Positive(keras.Regularizer):
    ...     def __call__(self, x):
    ...         return keras.ops.sum(keras.ops.relu(-x))
    ...     def get_config(self):
    ...         return {}
    """

    def __call__(self, x):
        """The penalty for the weight `x`, a scalar tensor (0 for the base class)."""
        return 0.0

    def get_config(self):
        """The constructor arguments of this regularizer, as a dict."""
        raise NotImplementedError(f"{type(self).__name__} must implement get_config().")

    @classmethod
    def from_config(cls, config):
        """Builds a regularizer from the dict `get_config()` returned."""
        return cls(**config)


class L1(Regularizer):
    """The L1 penalty `l1 * sum(abs(x))`.

    Args:
        l1: the non-negative factor of the penalty.

    >>> keras.regularizers.L1(0.1)(keras.ops.array([1.0, -2.0]))  # 0.3
    """

    def __init__(self, l1=0.01):
        self.l1 = _non_negative_float(0.01 if l1 is None else l1, "l1")

    def __call__(self, x):
        return ops.multiply(self.l1, ops.sum(ops.abs(x)))

    def get_config(self):
        return {"l1": self.l1}


class L2(Regularizer):
    """The L2 penalty `l2 * sum(square(x))`.

    Args:
        l2: the non-negative factor of the penalty.

    >>> keras.regularizers.L2(0.1)(keras.ops.array([1.0, -2.0]))  # 0.5
    """

    def __init__(self, l2=0.01):
        self.l2 = _non_negative_float(0.01 if l2 is None else l2, "l2")

    def __call__(self, x):
        return ops.multiply(self.l2, ops.sum(ops.square(x)))

    def get_config(self):
        return {"l2": self.l2}


class L1L2(Regularizer):
    """The sum of the L1 and L2 penalties: `l1 * sum(abs(x)) + l2 * sum(square(x))`.

    Args:
        l1: the non-negative factor of the L1 penalty.
        l2: the non-negative factor of the L2 penalty.

    >>> keras.regularizers.L1L2(l1=0.1, l2=0.1)(keras.ops.array([1.0, -2.0]))  # 0.8
    """

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _non_negative_float(0.0 if l1 is None else l1, "l1")
        self.l2 = _non_negative_float(0.0 if l2 is None else l2, "l2")

    def __call__(self, x):
        x = ops.convert_to_tensor(x)
        penalty = ops.zeros((), dtype=x.dtype)
        if self.l1:
            penalty = ops.add(penalty, ops.multiply(self.l1, ops.sum(ops.abs(x))))
        if self.l2:
            penalty = ops.add(penalty, ops.multiply(self.l2, ops.sum(ops.square(x))))
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Pushes the rows (or columns) of a 2-D weight to be orthogonal to each other.

    The rows are scaled to unit L2 norm; the penalty is
    `factor * mean(|cos(row_i, row_j)|)` over the pairs i < j (for `mode="columns"`,
    the same over the columns).

    Args:
        factor: the non-negative factor of the penalty.
        mode: "rows" or "columns": which vectors to make orthogonal.

    >>> reg = keras.regularizers.OrthogonalRegularizer(factor=1.0)
    >>> reg(keras.ops.array([[1.0, 0.0], [1.0, 1.0]]))  # cos 45° = 0.7071
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = _non_negative_float(factor, "factor")
        if mode not in ("rows", "columns"):
            raise ValueError(f"`mode` must be 'rows' or 'columns'; got mode={mode!r}.")
        self.mode = mode

    def __call__(self, x):
        if len(x.shape) != 2:
            raise ValueError(
                "OrthogonalRegularizer needs a 2-D weight; got shape "
                f"{tuple(x.shape)}."
            )
        if self.mode == "columns":
            x = ops.transpose(x)
        rows = x.shape[0]
        unit = ops.normalize(x, axis=1)  # (rows, features)
        cosines = ops.matmul(unit, ops.transpose(unit))  # (rows, rows)
        mask = ops.subtract(1.0, ops.eye(rows, dtype=cosines.dtype))
        off_diagonal = ops.multiply(cosines, mask)
        # Each pair appears twice in the symmetric matrix.
        pairs = rows * (rows - 1) / 2
        mean_cosine = ops.divide(ops.sum(ops.abs(off_diagonal)), 2 * pairs)
        return ops.multiply(self.factor, mean_cosine)

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer
