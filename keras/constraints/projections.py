"""Constraints: projections applied to a weight after each optimizer update.

A constraint is called on a weight tensor and returns the constrained tensor of the
same shape. The norm constraints act on the vectors along `axis`: for a Dense kernel
(inputs, units), axis=0 constrains the incoming weights of each unit.
"""

from keras import ops
from keras.backends.common import config


def _norms(w, axis):
    """The L2 norms of the vectors of `w` along `axis`, keeping `axis` (size 1)."""
    return ops.sqrt(ops.sum(ops.square(w), axis=axis, keepdims=True))


def _rescale(w, norms, desired):
    """`w` with each vector's norm moved from `norms` to `desired`."""
    return ops.multiply(w, ops.divide(desired, ops.add(norms, config.epsilon())))


class Constraint:
    """Base class of weight constraints: callables from a weight to a weight.

    A subclass implements `__call__(self, w)`, and `get_config()` when its
    constructor takes arguments, so that `from_config(get_config())` rebuilds it.

    >>> class Clip(keras.constraints.Constraint):
    ...     def __call__(self, w):
    ...         return keras.ops.clip(w, -1.0, 1.0)
    """

    def __call__(self, w):
        """The constrained weight (`w` unchanged for the base class)."""
        return w

    def get_config(self):
        """The constructor arguments of this constraint, as a dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """Builds a constraint from the dict `get_config()` returned."""
        return cls(**config)


class MaxNorm(Constraint):
    """Scales down the vectors along `axis` whose L2 norm exceeds `max_value`.

    Args:
        max_value: the largest norm allowed.
        axis: the axis (or axes) of the vectors whose norms are constrained.

    >>> keras.constraints.MaxNorm(1.0)(keras.ops.array([[3.0], [4.0]]))
    # [[0.6], [0.8]]
    """

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = ops.convert_to_tensor(w)
        norms = _norms(w, self.axis)
        return _rescale(w, norms, ops.clip(norms, 0, self.max_value))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class MinMaxNorm(Constraint):
    """Moves the L2 norms of the vectors along `axis` into [min_value, max_value].

    A vector's norm n becomes `rate * clip(n, min_value, max_value) + (1 - rate) * n`:
    `rate=1` enforces the bounds at once, a smaller rate moves towards them.

    Args:
        min_value: the smallest norm allowed.
        max_value: the largest norm allowed.
        rate: the fraction of the way to the bounds moved per call, in [0, 1].
        axis: the axis (or axes) of the vectors whose norms are constrained.

    >>> keras.constraints.MinMaxNorm(1.0, 2.0)(keras.ops.array([[0.3], [0.4]]))
    # [[0.6], [0.8]]
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        w = ops.convert_to_tensor(w)
        norms = _norms(w, self.axis)
        clipped = ops.clip(norms, self.min_value, self.max_value)
        desired = ops.add(
            ops.multiply(self.rate, clipped), ops.multiply(1 - self.rate, norms)
        )
        return _rescale(w, norms, desired)

    def get_config(self):
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }


class NonNeg(Constraint):
    """Sets the negative entries of the weight to 0.

    >>> keras.constraints.NonNeg()(keras.ops.array([-1.0, 2.0]))  # [0.0, 2.0]
    """

    def __call__(self, w):
        w = ops.convert_to_tensor(w)
        return ops.multiply(w, ops.cast(ops.greater_equal(w, 0), w.dtype))


class UnitNorm(Constraint):
    """Scales the vectors along `axis` to L2 norm 1.

    Args:
        axis: the axis (or axes) of the vectors to normalize.

    >>> keras.constraints.UnitNorm()(keras.ops.array([[3.0], [4.0]]))  # [[0.6], [0.8]]
    """

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = ops.convert_to_tensor(w)
        return ops.divide(w, ops.add(_norms(w, self.axis), config.epsilon()))

    def get_config(self):
        return {"axis": self.axis}


max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm
