"""The smooth element-wise activations: sigmoid and tanh kin, the exponential units
(elu, selu, celu), gelu, the softplus family and the self-gated silu and mish.

Each is a plain function of a tensor (eager or symbolic) built from keras.ops.
"""

from keras import ops


def sigmoid(x):
    """`1 / (1 + exp(-x))`.

    >>> keras.activations.sigmoid(keras.ops.array([0.0]))  # [0.5]
    """
    return ops.sigmoid(x)


def log_sigmoid(x):
    """`log(sigmoid(x))`, computed without overflow.

    >>> keras.activations.log_sigmoid(keras.ops.array([0.0]))  # [-0.6931]
    """
    return ops.log_sigmoid(x)


def tanh(x):
    """The hyperbolic tangent.

    >>> keras.activations.tanh(keras.ops.array([0.0, 1.0]))  # [0.0, 0.7616]
    """
    return ops.tanh(x)


def tanh_shrink(x):
    """`x - tanh(x)`.

    >>> keras.activations.tanh_shrink(keras.ops.array([1.0]))  # [0.2384]
    """
    return ops.tanh_shrink(x)


def exponential(x):
    """`exp(x)`.

    >>> keras.activations.exponential(keras.ops.array([0.0, 1.0]))  # [1.0, 2.7183]
    """
    return ops.exp(x)


def elu(x, alpha=1.0):
    """Exponential linear unit: `x` for `x > 0`, `alpha * (exp(x) - 1)` otherwise.

    >>> keras.activations.elu(keras.ops.array([-1.0, 2.0]))  # [-0.6321, 2.0]
    """
    return ops.elu(x, alpha=alpha)


def selu(x):
    """Scaled elu, `scale * elu(x, alpha)` with the self-normalizing constants
    alpha ≈ 1.6733 and scale ≈ 1.0507 (use with LecunNormal weights).

    >>> keras.activations.selu(keras.ops.array([1.0]))  # [1.0507]
    """
    return ops.selu(x)


def celu(x, alpha=1.0):
    """Continuously differentiable elu: `max(x, 0) + min(alpha * expm1(x/alpha), 0)`.

    >>> keras.activations.celu(keras.ops.array([-1.0, 2.0]))  # [-0.6321, 2.0]
    """
    return ops.celu(x, alpha=alpha)


def gelu(x, approximate=False):
    """Gaussian error linear unit: `x * P(X <= x)` for X ~ N(0, 1).

    Args:
        x: input tensor.
        approximate: whether to use the tanh approximation
            `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))` instead of
            the exact `0.5 * x * (1 + erf(x / sqrt(2)))`.

    Returns:
        A tensor of the shape of `x`.

    >>> keras.activations.gelu(keras.ops.array([1.0]))  # [0.8413]
    """
    return ops.gelu(x, approximate=approximate)


def softplus(x):
    """`log(exp(x) + 1)`, computed without overflow.

    >>> keras.activations.softplus(keras.ops.array([0.0]))  # [0.6931]
    """
    return ops.softplus(x)


def softsign(x):
    """`x / (abs(x) + 1)`.

    >>> keras.activations.softsign(keras.ops.array([1.0, -3.0]))  # [0.5, -0.75]
    """
    return ops.softsign(x)


def squareplus(x, b=4):
    """`(x + sqrt(x² + b)) / 2`: a smooth relu made of square roots.

    >>> keras.activations.squareplus(keras.ops.array([0.0]))  # [1.0]
    """
    return ops.squareplus(x, b=b)


def silu(x):
    """Sigmoid linear unit (swish): `x * sigmoid(x)`.

    >>> keras.activations.silu(keras.ops.array([1.0]))  # [0.7311]
    """
    return ops.silu(x)


swish = silu


def mish(x):
    """`x * tanh(softplus(x))`.

    >>> keras.activations.mish(keras.ops.array([1.0]))  # [0.8651]
    """
    return ops.multiply(x, ops.tanh(ops.softplus(x)))
