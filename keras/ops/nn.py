"""keras.ops.nn: activations, normalizations, losses, pooling, convolutions, attention.

Every op follows the pattern of the other families: a public function whose eager path
checks its arguments, then makes one isinstance check and one backend call, and an
Operation subclass used only for symbolic (KerasTensor) inputs, whose
`compute_output_spec` gives the output shape and dtype.

Arguments are checked and put in canonical form here (axes in range, `strides` and
`pool_size` as tuples, `padding` lower-case, `data_format` resolved from the config), so
the backends receive them ready to use.

Dtypes: the activations compute in floating point (ints and bools give floatx,
float16/bfloat16 stay), except relu and relu6 which keep integer dtypes. Losses,
normalizations, pooling and convolutions give the floating dtype of their promoted
inputs.
"""

import math
import numbers

from keras.backends import active
from keras.backends.common import config
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import eager
from keras.ops import operation_utils
from keras.ops import symbolic
from keras.ops.operation import Operation
from keras.utils import argument_validation

__all__ = [
    "adaptive_average_pool",
    "adaptive_max_pool",
    "average_pool",
    "batch_normalization",
    "binary_crossentropy",
    "categorical_crossentropy",
    "celu",
    "conv",
    "conv_transpose",
    "ctc_decode",
    "ctc_loss",
    "depth_to_space",
    "depthwise_conv",
    "dot_product_attention",
    "elu",
    "fold",
    "gelu",
    "glu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "layer_normalization",
    "leaky_relu",
    "log_sigmoid",
    "log_softmax",
    "max_pool",
    "moments",
    "multi_hot",
    "normalize",
    "one_hot",
    "polar",
    "psnr",
    "relu",
    "relu6",
    "rms_normalization",
    "selu",
    "separable_conv",
    "sigmoid",
    "silu",
    "soft_shrink",
    "softmax",
    "softplus",
    "softsign",
    "space_to_depth",
    "sparse_categorical_crossentropy",
    "sparse_plus",
    "sparse_sigmoid",
    "sparsemax",
    "squareplus",
    "swish",
    "tanh_shrink",
    "threshold",
    "unfold",
]


_symbolic = symbolic.is_symbolic


def _float_dtype(*values, keep_64=True):
    """The floating result dtype of `values`: ints and bools give floatx; float64
    stays unless `keep_64` is False (then results are 32-bit at most)."""
    keys = [symbolic.dtype_of(v) for v in values if v is not None]
    if keep_64:
        dtype = dtypes.result_type_keeping_64(*keys)
        if dtype == "float64":
            return dtype
    else:
        dtype = dtypes.result_type(*keys)
    return dtypes.result_type(dtype, float)


def _float_spec(x, shape=None):
    if shape is None:
        shape = symbolic.shape_of(x)
    return KerasTensor(shape, _float_dtype(x))


class _NNOp(Operation):
    """An op computed by `active.nn.<_function>(*tensors, **options)`.

    The options (non-tensor arguments, already checked) are stored as attributes and
    listed in `_options`, in the order of the backend signature.
    """

    _function = None
    _options = ()

    def __init__(self, *values, name=None):
        super().__init__(name=name)
        for option, value in zip(self._options, values, strict=True):
            setattr(self, option, value)

    def _option_values(self):
        return {option: getattr(self, option) for option in self._options}

    def call(self, *args):
        return getattr(active.nn, self._function)(*args, **self._option_values())

    def get_config(self):
        return {**super().get_config(), **self._option_values()}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        name = config.pop("name", None)
        return cls(*(config[option] for option in cls._options), name=name)


# Argument checks shared by the ops.


def _rank(x):
    return len(symbolic.shape_of(x))


_check_number = argument_validation.check_number
_check_bool = argument_validation.check_bool
_check_positive_int = argument_validation.check_positive_int
_int_tuple = argument_validation.standardize_tuple
_data_format = argument_validation.standardize_data_format
_padding = argument_validation.standardize_padding


def _axes(axis, ndim, argument="axis"):
    """`axis` (int or sequence) checked against `ndim`: an int or a tuple of ints."""
    if isinstance(axis, (list, tuple)):
        if not axis:
            raise ValueError(f"`{argument}` must name at least one axis; got {axis!r}.")
        axes = tuple(symbolic.canonicalize_axis(a, ndim, argument) for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError(f"`{argument}` has repeated entries: {axis!r}.")
        return axes
    return symbolic.canonicalize_axis(axis, ndim, argument)


def _as_tuple(axis):
    return axis if isinstance(axis, tuple) else (axis,)


def _spatial_rank(inputs, argument="inputs", ranks=(3, 4, 5)):
    ndim = _rank(inputs)
    if ndim not in ranks:
        raise ValueError(
            f"`{argument}` must have rank {' or '.join(map(str, ranks))} (batch, "
            f"spatial dims, channels); got shape {symbolic.shape_of(inputs)}."
        )
    return ndim - 2


# Shape rules (keras.ops.operation_utils).
_spatial_shape = operation_utils.spatial_shape
_image_shape = operation_utils.image_shape
_window_output = operation_utils.window_output_length


# Activations.


class _Activation(_NNOp):
    """An element-wise activation: the shape of `x`, floating (ints give floatx)."""

    def compute_output_spec(self, x):
        return _float_spec(x)


class _IntKeepingActivation(_NNOp):
    """relu and relu6: ints keep their dtype, bools give floatx."""

    def compute_output_spec(self, x):
        dtype = dtypes.result_type_keeping_64(symbolic.dtype_of(x))
        if dtype == "bool":
            dtype = dtypes.result_type(float)
        return KerasTensor(symbolic.shape_of(x), dtype)


class Relu(_IntKeepingActivation):
    _function = "relu"


@eager.fast_path("nn")
def relu(x):
    """Rectified linear unit: `max(x, 0)`, element-wise.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x` (ints keep their dtype).

    >>> keras.ops.relu(keras.ops.array([-1.0, 0.0, 2.0]))
    array([0., 0., 2.], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Relu().symbolic_call(x)
    return active.nn.relu(x)



class Relu6(_IntKeepingActivation):
    _function = "relu6"


def relu6(x):
    """Rectified linear unit capped at 6: `min(max(x, 0), 6)`, element-wise.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x` (ints keep their dtype).

    >>> keras.ops.relu6(keras.ops.array([-1.0, 3.0, 8.0]))
    array([0., 3., 6.], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Relu6().symbolic_call(x)
    return active.nn.relu6(x)


class Sigmoid(_Activation):
    _function = "sigmoid"


def sigmoid(x):
    """Logistic sigmoid `1 / (1 + exp(-x))`, element-wise.

    Args:
        x: input tensor.

    Returns:
        A floating tensor of the shape of `x`, in (0, 1).

    >>> keras.ops.sigmoid(keras.ops.array([0.0]))
    array([0.5], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Sigmoid().symbolic_call(x)
    return active.nn.sigmoid(x)


class SparseSigmoid(_Activation):
    _function = "sparse_sigmoid"


def sparse_sigmoid(x):
    """Piecewise-linear sigmoid: 0 below -1, 1 above 1, `(x + 1) / 2` between.

    Args:
        x: input tensor.

    Returns:
        A floating tensor of the shape of `x`, in [0, 1].

    >>> keras.ops.sparse_sigmoid(keras.ops.array([-2.0, 0.0, 0.5]))
    array([0.  , 0.5 , 0.75], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return SparseSigmoid().symbolic_call(x)
    return active.nn.sparse_sigmoid(x)


class Softplus(_Activation):
    _function = "softplus"


def softplus(x):
    """Softplus `log(1 + exp(x))`, element-wise (computed without overflow).

    Args:
        x: input tensor.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.softplus(keras.ops.array([0.0]))
    array([0.6931472], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Softplus().symbolic_call(x)
    return active.nn.softplus(x)


class Softsign(_Activation):
    _function = "softsign"


def softsign(x):
    """Softsign `x / (1 + |x|)`, element-wise.

    Args:
        x: input tensor.

    Returns:
        A floating tensor of the shape of `x`, in (-1, 1).

    >>> keras.ops.softsign(keras.ops.array([1.0, -3.0]))
    array([ 0.5 , -0.75], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Softsign().symbolic_call(x)
    return active.nn.softsign(x)


class SoftShrink(_Activation):
    _function = "soft_shrink"
    _options = ("threshold",)


def soft_shrink(x, threshold=0.5):
    """Soft shrinkage: `x` moved `threshold` towards 0, and 0 within `threshold` of 0.

    Args:
        x: input tensor.
        threshold: non-negative number.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.soft_shrink(keras.ops.array([-1.0, 0.2, 2.0]))
    array([-0.5,  0. ,  1.5], dtype=float32)
    """
    _check_number(threshold, "threshold")
    if isinstance(x, KerasTensor):
        return SoftShrink(threshold).symbolic_call(x)
    return active.nn.soft_shrink(x, threshold=threshold)


class SparsePlus(_Activation):
    _function = "sparse_plus"


def sparse_plus(x):
    """SparsePlus: 0 below -1, `x` above 1, `(x + 1)**2 / 4` between.

    Args:
        x: input tensor.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.sparse_plus(keras.ops.array([-2.0, 0.0, 2.0]))
    array([0.  , 0.25, 2.  ], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return SparsePlus().symbolic_call(x)
    return active.nn.sparse_plus(x)


class Silu(_Activation):
    _function = "silu"


def silu(x):
    """Sigmoid linear unit (swish): `x * sigmoid(x)`, element-wise.

    Args:
        x: input tensor.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.silu(keras.ops.array([0.0, 1.0]))
    array([0.        , 0.73105854], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Silu().symbolic_call(x)
    return active.nn.silu(x)


swish = silu


class Squareplus(_Activation):
    _function = "squareplus"
    _options = ("b",)


def squareplus(x, b=4):
    """Squareplus `(x + sqrt(x**2 + b)) / 2`, element-wise.

    Args:
        x: input tensor.
        b: non-negative number, the smoothness near 0.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.squareplus(keras.ops.array([0.0]))
    array([1.], dtype=float32)
    """
    _check_number(b, "b")
    if b < 0:
        raise ValueError(f"`b` must be >= 0; got {b}.")
    if isinstance(x, KerasTensor):
        return Squareplus(b).symbolic_call(x)
    return active.nn.squareplus(x, b=b)


class LogSigmoid(_Activation):
    _function = "log_sigmoid"


def log_sigmoid(x):
    """Logarithm of the sigmoid, `-softplus(-x)`, element-wise.

    Args:
        x: input tensor.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.log_sigmoid(keras.ops.array([0.0]))
    array([-0.6931472], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return LogSigmoid().symbolic_call(x)
    return active.nn.log_sigmoid(x)


class LeakyRelu(_Activation):
    _function = "leaky_relu"
    _options = ("negative_slope",)


def leaky_relu(x, negative_slope=0.2):
    """Leaky ReLU: `x` where positive, `negative_slope * x` elsewhere.

    Args:
        x: input tensor.
        negative_slope: slope for negative inputs.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.leaky_relu(keras.ops.array([-1.0, 2.0]))
    array([-0.2,  2. ], dtype=float32)
    """
    _check_number(negative_slope, "negative_slope")
    if isinstance(x, KerasTensor):
        return LeakyRelu(negative_slope).symbolic_call(x)
    return active.nn.leaky_relu(x, negative_slope=negative_slope)


class HardSigmoid(_Activation):
    _function = "hard_sigmoid"


def hard_sigmoid(x):
    """Hard sigmoid `relu6(x + 3) / 6`, element-wise.

    Args:
        x: input tensor.

    Returns:
        A floating tensor of the shape of `x`, in [0, 1].

    >>> keras.ops.hard_sigmoid(keras.ops.array([-4.0, 0.0, 4.0]))
    array([0. , 0.5, 1. ], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return HardSigmoid().symbolic_call(x)
    return active.nn.hard_sigmoid(x)


class HardSilu(_Activation):
    _function = "hard_silu"


def hard_silu(x):
    """Hard SiLU (hard swish): `x * relu6(x + 3) / 6`, element-wise.

    Args:
        x: input tensor.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.hard_silu(keras.ops.array([-4.0, 0.0, 4.0]))
    array([-0.,  0.,  4.], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return HardSilu().symbolic_call(x)
    return active.nn.hard_silu(x)


hard_swish = hard_silu


class Elu(_Activation):
    _function = "elu"
    _options = ("alpha",)


def elu(x, alpha=1.0):
    """Exponential linear unit: `x` where positive, `alpha * (exp(x) - 1)` elsewhere.

    Args:
        x: input tensor.
        alpha: scale of the negative part.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.elu(keras.ops.array([0.0, 1.0]))
    array([0., 1.], dtype=float32)
    """
    _check_number(alpha, "alpha")
    if isinstance(x, KerasTensor):
        return Elu(alpha).symbolic_call(x)
    return active.nn.elu(x, alpha=alpha)


class Selu(_Activation):
    _function = "selu"


def selu(x):
    """Scaled ELU: `1.0507 * elu(x, alpha=1.67326)`, element-wise.

    Args:
        x: input tensor.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.selu(keras.ops.array([0.0, 1.0]))
    array([0.       , 1.050701], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Selu().symbolic_call(x)
    return active.nn.selu(x)


class Gelu(_Activation):
    _function = "gelu"
    _options = ("approximate",)


def gelu(x, approximate=True):
    """Gaussian error linear unit `x * P(X <= x)` for a standard normal X.

    Args:
        x: input tensor.
        approximate: use the tanh approximation (default) instead of the exact erf.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.gelu(keras.ops.array([0.0, 1.0]))
    array([0.      , 0.841192], dtype=float32)
    """
    _check_bool(approximate, "approximate")
    if isinstance(x, KerasTensor):
        return Gelu(approximate).symbolic_call(x)
    return active.nn.gelu(x, approximate=approximate)


class Celu(_Activation):
    _function = "celu"
    _options = ("alpha",)


def celu(x, alpha=1.0):
    """Continuously differentiable ELU: `max(x, 0) + min(alpha * expm1(x / alpha), 0)`.

    Args:
        x: input tensor.
        alpha: positive number.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.celu(keras.ops.array([0.0, 1.0]))
    array([0., 1.], dtype=float32)
    """
    _check_number(alpha, "alpha")
    if alpha == 0:
        raise ValueError("`alpha` must be non-zero for celu; got 0.")
    if isinstance(x, KerasTensor):
        return Celu(alpha).symbolic_call(x)
    return active.nn.celu(x, alpha=alpha)


class Glu(_NNOp):
    _function = "glu"
    _options = ("axis",)

    def compute_output_spec(self, x):
        shape = list(symbolic.shape_of(x))
        if shape[self.axis] is not None:
            shape[self.axis] //= 2
        return _float_spec(x, tuple(shape))


def glu(x, axis=-1):
    """Gated linear unit: `a * sigmoid(b)` for the halves `a`, `b` of `x` along `axis`.

    Args:
        x: input tensor; its size along `axis` must be even.
        axis: the axis to split.

    Returns:
        A floating tensor with half the size of `x` along `axis`.

    >>> keras.ops.glu(keras.ops.array([1.0, 0.0]))
    array([0.5], dtype=float32)
    """
    axis = symbolic.canonicalize_axis(axis, _rank(x))
    size = symbolic.shape_of(x)[axis]
    if size is not None and size % 2:
        raise ValueError(
            f"`glu` splits `x` in two along axis {axis}, whose size must be even; "
            f"got shape {symbolic.shape_of(x)}."
        )
    if isinstance(x, KerasTensor):
        return Glu(axis).symbolic_call(x)
    return active.nn.glu(x, axis=axis)


class TanhShrink(_Activation):
    _function = "tanh_shrink"


def tanh_shrink(x):
    """Tanh shrinkage `x - tanh(x)`, element-wise.

    Args:
        x: input tensor.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.tanh_shrink(keras.ops.array([0.0]))
    array([0.], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return TanhShrink().symbolic_call(x)
    return active.nn.tanh_shrink(x)


class HardTanh(_Activation):
    _function = "hard_tanh"


def hard_tanh(x):
    """Hard tanh: `x` clipped to [-1, 1], element-wise.

    Args:
        x: input tensor.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.hard_tanh(keras.ops.array([-2.0, 0.5, 2.0]))
    array([-1. ,  0.5,  1. ], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return HardTanh().symbolic_call(x)
    return active.nn.hard_tanh(x)


class HardShrink(_Activation):
    _function = "hard_shrink"
    _options = ("threshold",)


def hard_shrink(x, threshold=0.5):
    """Hard shrinkage: `x` where `|x| > threshold`, else 0.

    Args:
        x: input tensor.
        threshold: non-negative number.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.hard_shrink(keras.ops.array([-1.0, 0.2, 2.0]))
    array([-1.,  0.,  2.], dtype=float32)
    """
    _check_number(threshold, "threshold")
    if isinstance(x, KerasTensor):
        return HardShrink(threshold).symbolic_call(x)
    return active.nn.hard_shrink(x, threshold=threshold)


class Threshold(_Activation):
    _function = "threshold"
    _options = ("threshold", "default_value")


def threshold(x, threshold, default_value):
    """`x` where `x > threshold`, else `default_value`, element-wise.

    Args:
        x: input tensor.
        threshold: the number `x` must exceed to be kept.
        default_value: the number that replaces the other values.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.threshold(keras.ops.array([-1.0, 2.0]), 0.0, 5.0)
    array([5., 2.], dtype=float32)
    """
    _check_number(threshold, "threshold")
    _check_number(default_value, "default_value")
    if isinstance(x, KerasTensor):
        return Threshold(threshold, default_value).symbolic_call(x)
    return active.nn.threshold(x, threshold, default_value)


class Softmax(_NNOp):
    _function = "softmax"
    _options = ("axis",)

    def compute_output_spec(self, x):
        return _float_spec(x)


def softmax(x, axis=-1):
    """Softmax `exp(x) / sum(exp(x))` over `axis` (computed stably).

    Args:
        x: input tensor.
        axis: int or tuple of ints, the axes normalized together.

    Returns:
        A floating tensor of the shape of `x` summing to 1 over `axis`.

    >>> keras.ops.softmax(keras.ops.array([0.0, 0.0]))
    array([0.5, 0.5], dtype=float32)
    """
    axis = _axes(axis, _rank(x))
    if isinstance(x, KerasTensor):
        return Softmax(axis).symbolic_call(x)
    return active.nn.softmax(x, axis=axis)


class LogSoftmax(Softmax):
    _function = "log_softmax"


def log_softmax(x, axis=-1):
    """Log-softmax `x - logsumexp(x)` over `axis`.

    Args:
        x: input tensor.
        axis: int or tuple of ints, the axes normalized together.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.log_softmax(keras.ops.array([0.0, 0.0]))
    array([-0.6931472, -0.6931472], dtype=float32)
    """
    axis = _axes(axis, _rank(x))
    if isinstance(x, KerasTensor):
        return LogSoftmax(axis).symbolic_call(x)
    return active.nn.log_softmax(x, axis=axis)


class Sparsemax(Softmax):
    _function = "sparsemax"


def sparsemax(x, axis=-1):
    """Sparsemax: the Euclidean projection of `x` onto the probability simplex.

    Args:
        x: input tensor.
        axis: the axis normalized.

    Returns:
        A floating tensor of the shape of `x`, non-negative and summing to 1 over `axis`
        (often with exact zeros).

    >>> keras.ops.sparsemax(keras.ops.array([0.0, 2.0]))
    array([0., 1.], dtype=float32)
    """
    axis = symbolic.canonicalize_axis(axis, _rank(x))
    if isinstance(x, KerasTensor):
        return Sparsemax(axis).symbolic_call(x)
    return active.nn.sparsemax(x, axis=axis)


# Losses.


def _check_same_shape(target, output, function):
    target_shape = symbolic.shape_of(target)
    output_shape = symbolic.shape_of(output)
    if len(target_shape) != len(output_shape) or any(
        t is not None and o is not None and t != o
        for t, o in zip(target_shape, output_shape)
    ):
        raise ValueError(
            f"`{function}` needs `target` and `output` of the same shape; got "
            f"target.shape={target_shape} and output.shape={output_shape}."
        )


class BinaryCrossentropy(_NNOp):
    _function = "binary_crossentropy"
    _options = ("from_logits",)

    def compute_output_spec(self, target, output):
        return KerasTensor(symbolic.shape_of(output), _float_dtype(target, output))


def binary_crossentropy(target, output, from_logits=False):
    """Element-wise binary cross-entropy between labels and probabilities (or logits).

    Args:
        target: labels in [0, 1].
        output: predicted probabilities, or logits when `from_logits`; same shape as
            `target`.
        from_logits: whether `output` holds logits rather than probabilities
            (probabilities are clipped to [epsilon, 1 - epsilon]).

    Returns:
        The loss of each element: a floating tensor of the shape of `output`.

    >>> keras.ops.binary_crossentropy(keras.ops.array([1.0]), keras.ops.array([0.5]))
    array([0.6931472], dtype=float32)
    """
    _check_bool(from_logits, "from_logits")
    _check_same_shape(target, output, "binary_crossentropy")
    if _symbolic(target, output):
        return BinaryCrossentropy(from_logits).symbolic_call(target, output)
    return active.nn.binary_crossentropy(target, output, from_logits=from_logits)


class CategoricalCrossentropy(_NNOp):
    _function = "categorical_crossentropy"
    _options = ("from_logits", "axis")

    def compute_output_spec(self, target, output):
        shape = symbolic.reduce_shape(symbolic.shape_of(output), self.axis)
        return KerasTensor(shape, _float_dtype(target, output))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Cross-entropy between one-hot (or soft) labels and predicted distributions.

    Args:
        target: label distributions, same shape as `output`.
        output: predicted probabilities (renormalized over `axis` and clipped to
            [epsilon, 1 - epsilon]), or logits when `from_logits`.
        from_logits: whether `output` holds logits.
        axis: the class axis.

    Returns:
        A floating tensor of the shape of `output` without `axis`.

    >>> keras.ops.categorical_crossentropy(
    ...     keras.ops.array([[0.0, 1.0]]), keras.ops.array([[0.5, 0.5]]))
    array([0.6931472], dtype=float32)
    """
    _check_bool(from_logits, "from_logits")
    _check_same_shape(target, output, "categorical_crossentropy")
    if _rank(output) < 1:
        raise ValueError("`categorical_crossentropy` needs `output` of rank >= 1.")
    axis = symbolic.canonicalize_axis(axis, _rank(output))
    if _symbolic(target, output):
        return CategoricalCrossentropy(from_logits, axis).symbolic_call(target, output)
    return active.nn.categorical_crossentropy(
        target, output, from_logits=from_logits, axis=axis
    )


class SparseCategoricalCrossentropy(_NNOp):
    _function = "sparse_categorical_crossentropy"
    _options = ("from_logits", "axis")

    def compute_output_spec(self, target, output):
        shape = symbolic.shape_of(output)[:-1]
        return KerasTensor(shape, _float_dtype(output))


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Cross-entropy between integer class labels and predicted distributions.

    Args:
        target: integer labels, of the shape of `output` without its class axis (a
            trailing axis of size 1 is allowed).
        output: predicted probabilities (renormalized and clipped), or logits when
            `from_logits`.
        from_logits: whether `output` holds logits.
        axis: the class axis; must be the last axis of `output`.

    Returns:
        A floating tensor of the shape of `output` without its last axis.

    >>> keras.ops.sparse_categorical_crossentropy(
    ...     keras.ops.array([1]), keras.ops.array([[0.5, 0.5]]))
    array([0.6931472], dtype=float32)
    """
    _check_bool(from_logits, "from_logits")
    ndim = _rank(output)
    if ndim < 1:
        raise ValueError(
            "`sparse_categorical_crossentropy` needs `output` of rank >= 1."
        )
    if symbolic.canonicalize_axis(axis, ndim) != ndim - 1:
        raise ValueError(
            "`sparse_categorical_crossentropy` only supports the last axis of `output` "
            f"as the class axis (axis=-1); got axis={axis} for rank {ndim}."
        )
    target_shape = symbolic.shape_of(target)
    expected = symbolic.shape_of(output)[:-1]
    if len(target_shape) == ndim and target_shape[-1] == 1:
        target_shape = target_shape[:-1]
    if len(target_shape) != len(expected) or any(
        t is not None and e is not None and t != e
        for t, e in zip(target_shape, expected)
    ):
        raise ValueError(
            "`target` must have the shape of `output` without its last axis; got "
            f"target.shape={symbolic.shape_of(target)} and "
            f"output.shape={symbolic.shape_of(output)}."
        )
    if _symbolic(target, output):
        return SparseCategoricalCrossentropy(from_logits, -1).symbolic_call(
            target, output
        )
    return active.nn.sparse_categorical_crossentropy(
        target, output, from_logits=from_logits, axis=-1
    )


# One-hot encodings.


def _check_sparse(sparse):
    _check_bool(sparse, "sparse")
    if sparse and not active.core.SUPPORTS_SPARSE_TENSORS:
        raise ValueError(
            f"`sparse=True` is not supported by the {active.name} backend (it has no "
            "sparse tensors)."
        )


def _encoding_dtype(dtype):
    return dtypes.standardize_dtype(dtype)


class OneHot(_NNOp):
    _function = "one_hot"
    _options = ("num_classes", "axis", "dtype", "sparse")

    def compute_output_spec(self, x):
        shape = list(symbolic.shape_of(x))
        axis = self.axis if self.axis >= 0 else len(shape) + 1 + self.axis
        shape.insert(axis, self.num_classes)
        return KerasTensor(tuple(shape), self.dtype, sparse=self.sparse)


def _check_indices(x, function):
    dtype = dtypes.result_type(symbolic.dtype_of(x))
    if not dtypes.is_int_dtype(dtype):
        raise TypeError(f"`{function}` needs integer class indices; got dtype {dtype}.")


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """One-hot encodes integer class indices.

    Indices outside [0, num_classes) give an all-zero encoding.

    Args:
        x: integer tensor of class indices.
        num_classes: the number of classes (size of the new axis).
        axis: where the new axis goes in the output (-1: last).
        dtype: the output dtype (default floatx).
        sparse: return a sparse tensor (backends with sparse tensors only).

    Returns:
        A tensor of rank `x.ndim + 1` with 1 at each index and 0 elsewhere.

    >>> keras.ops.one_hot(keras.ops.array([1, 0]), 3)
    array([[0., 1., 0.],
           [1., 0., 0.]], dtype=float32)
    """
    num_classes = _check_positive_int(num_classes, "num_classes")
    _check_indices(x, "one_hot")
    axis = symbolic.canonicalize_axis(axis, _rank(x) + 1)
    dtype = _encoding_dtype(dtype)
    _check_sparse(sparse)
    if isinstance(x, KerasTensor):
        return OneHot(num_classes, axis, dtype, sparse).symbolic_call(x)
    return active.nn.one_hot(x, num_classes, axis=axis, dtype=dtype, sparse=sparse)


class MultiHot(_NNOp):
    _function = "multi_hot"
    _options = ("num_classes", "axis", "dtype", "sparse")

    def compute_output_spec(self, inputs):
        shape = list(symbolic.shape_of(inputs))
        # The encoding replaces the index axis: the first for rank 1, else axis 1.
        del shape[1 if len(shape) > 1 else 0]
        axis = self.axis if self.axis >= 0 else len(shape) + 1 + self.axis
        shape.insert(axis, self.num_classes)
        return KerasTensor(tuple(shape), self.dtype, sparse=self.sparse)


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    """Multi-hot encodes a set of class indices per sample.

    A rank-1 `inputs` is one sample; for higher ranks axis 1 holds each sample's indices
    and is replaced by the encoding.

    Args:
        inputs: integer tensor of class indices.
        num_classes: the number of classes (`num_tokens` is accepted as an alias).
        axis: where the class axis goes in the output (-1: last).
        dtype: the output dtype (default floatx).
        sparse: return a sparse tensor (backends with sparse tensors only).

    Returns:
        A tensor with 1 at the classes present in each sample and 0 elsewhere.

    >>> keras.ops.multi_hot(keras.ops.array([[0, 2], [1, 1]]), 3)
    array([[1., 0., 1.],
           [0., 1., 0.]], dtype=float32)
    """
    if kwargs.keys() - {"num_tokens"}:
        raise TypeError(f"`multi_hot` got unexpected arguments {sorted(kwargs)}.")
    if num_classes is None:
        num_classes = kwargs.get("num_tokens")
    if num_classes is None:
        raise ValueError("`multi_hot` needs `num_classes`; got None.")
    num_classes = _check_positive_int(num_classes, "num_classes")
    _check_indices(inputs, "multi_hot")
    ndim = _rank(inputs)
    if ndim < 1:
        raise ValueError("`multi_hot` needs `inputs` of rank >= 1; got a scalar.")
    axis = symbolic.canonicalize_axis(axis, ndim)
    dtype = _encoding_dtype(dtype)
    _check_sparse(sparse)
    if isinstance(inputs, KerasTensor):
        return MultiHot(num_classes, axis, dtype, sparse).symbolic_call(inputs)
    return active.nn.multi_hot(
        inputs, num_classes, axis=axis, dtype=dtype, sparse=sparse
    )


# Statistics and normalizations.


class Moments(_NNOp):
    _function = "moments"
    _options = ("axes", "keepdims", "synchronized")

    def compute_output_spec(self, x):
        shape = symbolic.reduce_shape(symbolic.shape_of(x), self.axes, self.keepdims)
        dtype = _float_dtype(x)
        return KerasTensor(shape, dtype), KerasTensor(shape, dtype)


def moments(x, axes, keepdims=False, synchronized=False):
    """Mean and variance of `x` over `axes`.

    float16/bfloat16 inputs are reduced in float32 and the results cast back.

    Args:
        x: input tensor.
        axes: int or sequence of ints, the axes reduced.
        keepdims: keep the reduced axes with size 1.
        synchronized: only meaningful in distributed training; computed locally here.

    Returns:
        A tuple `(mean, variance)` of floating tensors.

    >>> keras.ops.moments(keras.ops.array([1.0, 3.0]), axes=0)
    (array(2., dtype=float32), array(1., dtype=float32))
    """
    axes = _as_tuple(_axes(axes, _rank(x), "axes"))
    _check_bool(keepdims, "keepdims")
    _check_bool(synchronized, "synchronized")
    if isinstance(x, KerasTensor):
        return Moments(axes, keepdims, synchronized).symbolic_call(x)
    return active.nn.moments(x, axes, keepdims=keepdims, synchronized=synchronized)


class BatchNormalization(_NNOp):
    _function = "batch_normalization"
    _options = ("axis", "epsilon")

    def call(self, x, mean, variance, offset=None, scale=None):
        return active.nn.batch_normalization(
            x,
            mean,
            variance,
            self.axis,
            offset=offset,
            scale=scale,
            epsilon=self.epsilon,
        )

    def compute_output_spec(self, x, mean, variance, offset=None, scale=None):
        return KerasTensor(symbolic.shape_of(x), _float_dtype(x))


def _check_vector(value, size, argument, axis):
    if value is None:
        return
    shape = symbolic.shape_of(value)
    if len(shape) != 1 or (size is not None and shape[0] not in (None, size)):
        raise ValueError(
            f"`{argument}` must be a vector of the size of `x` along axis {axis} "
            f"({size}); got shape {shape}."
        )


def batch_normalization(
    x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3
):
    """Normalizes `x` with given statistics: `(x - mean) / sqrt(variance + epsilon)`.

    Then scales by `scale` and shifts by `offset` when given. `mean`, `variance`,
    `offset` and `scale` are vectors along `axis`.

    Args:
        x: input tensor.
        mean: the mean, a vector of the size of `x` along `axis`.
        variance: the variance, same shape as `mean`.
        axis: the feature axis.
        offset: optional shift (beta).
        scale: optional scale (gamma).
        epsilon: small number added to the variance.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.batch_normalization(
    ...     keras.ops.array([[1.0, 2.0]]), keras.ops.array([1.0, 0.0]),
    ...     keras.ops.array([1.0, 4.0]), axis=-1, epsilon=0.0)
    array([[0., 1.]], dtype=float32)
    """
    axis = symbolic.canonicalize_axis(axis, _rank(x))
    _check_number(epsilon, "epsilon")
    size = symbolic.shape_of(x)[axis]
    vectors = {"mean": mean, "variance": variance, "offset": offset, "scale": scale}
    for argument, value in vectors.items():
        _check_vector(value, size, argument, axis)
    if _symbolic(x, mean, variance, offset, scale):
        return BatchNormalization(axis, epsilon).symbolic_call(
            x, mean, variance, offset, scale
        )
    return active.nn.batch_normalization(
        x, mean, variance, axis, offset=offset, scale=scale, epsilon=epsilon
    )


def _epsilon(epsilon):
    if epsilon is None:
        return config.epsilon()
    return _check_number(epsilon, "epsilon")


class LayerNormalization(_NNOp):
    _function = "layer_normalization"
    _options = ("axis", "epsilon", "rms_scaling")

    def call(self, x, gamma=None, beta=None):
        return active.nn.layer_normalization(
            x,
            gamma,
            beta,
            axis=self.axis,
            epsilon=self.epsilon,
            rms_scaling=self.rms_scaling,
        )

    def compute_output_spec(self, x, gamma=None, beta=None):
        return KerasTensor(symbolic.shape_of(x), _float_dtype(x))


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    """Layer normalization: normalizes `x` to mean 0, variance 1 over `axis`.

    Then scales by `gamma` and shifts by `beta` (each of the size of the normalized
    axes) when given.

    Args:
        x: input tensor.
        gamma: optional scale.
        beta: optional shift.
        axis: int or tuple of ints, the normalized axes.
        epsilon: small number added to the variance (default `keras.config.epsilon()`).
        rms_scaling: (keyword, deprecated) normalize by the root mean square only;
            use `rms_normalization` instead.

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.layer_normalization(keras.ops.array([1.0, 3.0]), epsilon=0.0)
    array([-1.,  1.], dtype=float32)
    """
    if kwargs.keys() - {"rms_scaling"}:
        raise TypeError(
            f"`layer_normalization` got unexpected arguments {sorted(kwargs)}."
        )
    rms_scaling = _check_bool(kwargs.get("rms_scaling", False), "rms_scaling")
    axis = _axes(axis, _rank(x))
    epsilon = _epsilon(epsilon)
    if _symbolic(x, gamma, beta):
        operation = LayerNormalization(axis, epsilon, rms_scaling)
        return operation.symbolic_call(x, gamma, beta)
    return active.nn.layer_normalization(
        x, gamma, beta, axis=axis, epsilon=epsilon, rms_scaling=rms_scaling
    )


class RmsNormalization(_NNOp):
    _function = "rms_normalization"
    _options = ("axis", "epsilon")

    def call(self, x, scale=None):
        return active.nn.rms_normalization(
            x, scale, axis=self.axis, epsilon=self.epsilon
        )

    def compute_output_spec(self, x, scale=None):
        return KerasTensor(symbolic.shape_of(x), _float_dtype(x))


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """Root-mean-square normalization: `x * rsqrt(mean(x**2) + epsilon) * scale`.

    Args:
        x: input tensor.
        scale: optional scale, broadcast against `x`.
        axis: int or tuple of ints, the normalized axes.
        epsilon: small number added to the mean square (default
            `keras.config.epsilon()`).

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.rms_normalization(keras.ops.array([3.0, 4.0]), epsilon=0.0)
    array([0.84852815, 1.1313709 ], dtype=float32)
    """
    axis = _axes(axis, _rank(x))
    epsilon = _epsilon(epsilon)
    if _symbolic(x, scale):
        return RmsNormalization(axis, epsilon).symbolic_call(x, scale)
    return active.nn.rms_normalization(x, scale, axis=axis, epsilon=epsilon)


class Normalize(_NNOp):
    _function = "normalize"
    _options = ("axis", "order", "epsilon")

    def compute_output_spec(self, x):
        return _float_spec(x)


def normalize(x, axis=-1, order=2, epsilon=None):
    """Divides `x` by its `order`-norm over `axis` (at least `epsilon`).

    For `order=2`, the squared norm is bounded below by `epsilon`.

    Args:
        x: input tensor.
        axis: int or tuple of ints, the axes of the norm.
        order: the order p >= 1 of the norm (an int, or `inf`).
        epsilon: lower bound of the norm (default `keras.config.epsilon()`).

    Returns:
        A floating tensor of the shape of `x`.

    >>> keras.ops.normalize(keras.ops.array([3.0, 4.0]))
    array([0.6, 0.8], dtype=float32)
    """
    if not (order == math.inf or (isinstance(order, numbers.Integral) and order >= 1)):
        raise ValueError(f"`order` must be an int >= 1 or inf; got {order!r}.")
    if isinstance(order, bool):
        raise ValueError(f"`order` must be an int >= 1 or inf; got {order!r}.")
    axis = _axes(axis, _rank(x))
    epsilon = _epsilon(epsilon)
    if isinstance(x, KerasTensor):
        return Normalize(axis, order, epsilon).symbolic_call(x)
    return active.nn.normalize(x, axis=axis, order=order, epsilon=epsilon)


class Psnr(_NNOp):
    _function = "psnr"
    _options = ("max_val",)

    def compute_output_spec(self, x1, x2):
        return KerasTensor((), _float_dtype(x1, x2))


def psnr(x1, x2, max_val):
    """Peak signal-to-noise ratio `20 log10(max_val) - 10 log10(mean((x1 - x2)**2))`.

    Args:
        x1: first image (tensor).
        x2: second image, of the shape of `x1`.
        max_val: the largest possible pixel value (e.g. 1.0 or 255).

    Returns:
        A floating scalar tensor, in decibels.

    >>> keras.ops.psnr(keras.ops.array([0.0, 1.0]), keras.ops.array([0.0, 0.9]), 1.0)
    array(23.0103, dtype=float32)
    """
    _check_number(max_val, "max_val")
    if max_val <= 0:
        raise ValueError(f"`max_val` must be positive; got {max_val}.")
    _check_same_shape(x1, x2, "psnr")
    if _symbolic(x1, x2):
        return Psnr(max_val).symbolic_call(x1, x2)
    return active.nn.psnr(x1, x2, max_val)


class Polar(_NNOp):
    _function = "polar"

    def compute_output_spec(self, abs_, angle):
        shapes = symbolic.shape_of(abs_), symbolic.shape_of(angle)
        return KerasTensor(symbolic.broadcast_shapes(*shapes), "complex64")


def polar(abs_, angle):
    """The complex number `abs_ * exp(1j * angle)` from a modulus and an argument.

    Args:
        abs_: the modulus (non-negative).
        angle: the argument in radians, broadcast against `abs_`.

    Returns:
        A complex64 tensor of the broadcast shape.

    >>> keras.ops.polar(keras.ops.array([2.0]), keras.ops.array([0.0]))
    array([2.+0.j], dtype=complex64)
    """
    symbolic.broadcast_shapes(symbolic.shape_of(abs_), symbolic.shape_of(angle))
    if _symbolic(abs_, angle):
        return Polar().symbolic_call(abs_, angle)
    return active.nn.polar(abs_, angle)


# Attention.


class DotProductAttention(_NNOp):
    _function = "dot_product_attention"
    _options = ("scale", "is_causal", "flash_attention", "attn_logits_soft_cap")

    def call(self, query, key, value, bias=None, mask=None):
        return active.nn.dot_product_attention(
            query, key, value, bias=bias, mask=mask, **self._option_values()
        )

    def compute_output_spec(self, query, key, value, bias=None, mask=None):
        # As in Keras 3, float64 inputs give float32 (the logits are computed in it).
        dtype = _float_dtype(query, key, value, keep_64=False)
        return KerasTensor(symbolic.shape_of(query), dtype)


def _check_attention_shapes(query, key, value):
    q, k, v = (symbolic.shape_of(t) for t in (query, key, value))
    if len(q) != 4 or len(k) != 4 or len(v) != 4:
        raise ValueError(
            "`dot_product_attention` needs `query`, `key` and `value` of rank 4 "
            f"(batch, length, heads, head_dim); got shapes {q}, {k} and {v}."
        )

    def differ(a, b):
        return a is not None and b is not None and a != b

    if differ(k[1], v[1]) or differ(k[2], v[2]) or differ(q[3], k[3]):
        raise ValueError(
            "`key` and `value` must share their length and heads, and `query` and "
            f"`key` their head_dim; got query {q}, key {k}, value {v}."
        )
    if q[2] is not None and k[2] is not None and q[2] % k[2]:
        raise ValueError(
            f"The number of query heads ({q[2]}) must be a multiple of the number of "
            f"key heads ({k[2]})."
        )


def dot_product_attention(
    query,
    key,
    value,
    bias=None,
    mask=None,
    scale=None,
    is_causal=False,
    flash_attention=None,
    attn_logits_soft_cap=None,
):
    """Scaled dot-product attention `softmax(query . key * scale + bias) . value`.

    Shapes: query (B, T, N, H), key and value (B, S, K, H) with N a multiple of K
    (grouped-query attention). The logits are computed and normalized in float32.

    Args:
        query: the queries.
        key: the keys.
        value: the values.
        bias: optional bias added to the logits, broadcast to (B, N, T, S).
        mask: optional bool mask broadcast to (B, N, T, S); False hides a key.
        scale: the logit scale (default `1 / sqrt(H)`).
        is_causal: hide the keys after each query position.
        flash_attention: request a fused kernel; the result is the same computation.
        attn_logits_soft_cap: if set, logits become `cap * tanh(logits / cap)`.

    Returns:
        The attended values, of the shape of `query` (float32 for float64 inputs, as
        in Keras 3).
    """
    _check_attention_shapes(query, key, value)
    if scale is not None:
        scale = float(_check_number(scale, "scale"))
    _check_bool(is_causal, "is_causal")
    if flash_attention is not None:
        _check_bool(flash_attention, "flash_attention")
    if attn_logits_soft_cap is not None:
        attn_logits_soft_cap = float(
            _check_number(attn_logits_soft_cap, "attn_logits_soft_cap")
        )
    options = (scale, is_causal, flash_attention, attn_logits_soft_cap)
    if _symbolic(query, key, value, bias, mask):
        operation = DotProductAttention(*options)
        return operation.symbolic_call(query, key, value, bias, mask)
    return active.nn.dot_product_attention(
        query,
        key,
        value,
        bias=bias,
        mask=mask,
        scale=scale,
        is_causal=is_causal,
        flash_attention=flash_attention,
        attn_logits_soft_cap=attn_logits_soft_cap,
    )


# Pooling.


class _Pool(_NNOp):
    _options = ("pool_size", "strides", "padding", "data_format")

    def compute_output_spec(self, inputs):
        shape = symbolic.shape_of(inputs)
        spatial = tuple(
            _window_output(n, k, s, self.padding)
            for n, k, s in zip(
                _spatial_shape(shape, self.data_format), self.pool_size, self.strides
            )
        )
        channels = shape[1] if self.data_format == "channels_first" else shape[-1]
        return KerasTensor(
            _image_shape(shape[0], spatial, channels, self.data_format),
            _float_dtype(inputs),
        )


class MaxPool(_Pool):
    _function = "max_pool"


class AveragePool(_Pool):
    _function = "average_pool"


def _pool_arguments(inputs, pool_size, strides, padding, data_format):
    n = _spatial_rank(inputs)
    pool_size = _int_tuple(pool_size, n, "pool_size")
    strides = pool_size if strides is None else _int_tuple(strides, n, "strides")
    return pool_size, strides, _padding(padding), _data_format(data_format)


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Max pooling over 1, 2 or 3 spatial dimensions.

    Args:
        inputs: tensor of rank 3, 4 or 5: (batch, spatial..., channels) for
            "channels_last", (batch, channels, spatial...) for "channels_first".
        pool_size: int or tuple, the window size.
        strides: int or tuple (default: `pool_size`).
        padding: "valid" (no padding) or "same" (output size `ceil(size / stride)`).
        data_format: "channels_last" or "channels_first" (default: the config's).

    Returns:
        The pooled tensor (floating).

    >>> keras.ops.max_pool(keras.ops.array([[[1.0], [3.0], [2.0], [0.0]]]), 2).shape
    (1, 2, 1)
    """
    options = _pool_arguments(inputs, pool_size, strides, padding, data_format)
    if isinstance(inputs, KerasTensor):
        return MaxPool(*options).symbolic_call(inputs)
    return active.nn.max_pool(inputs, *options)


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Average pooling over 1, 2 or 3 spatial dimensions.

    With "same" padding, the padded positions are left out of each average.

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `max_pool`).
        pool_size: int or tuple, the window size.
        strides: int or tuple (default: `pool_size`).
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first" (default: the config's).

    Returns:
        The pooled tensor (floating).

    >>> keras.ops.average_pool(keras.ops.array([[[1.0], [3.0]]]), 2)
    array([[[2.]]], dtype=float32)
    """
    options = _pool_arguments(inputs, pool_size, strides, padding, data_format)
    if isinstance(inputs, KerasTensor):
        return AveragePool(*options).symbolic_call(inputs)
    return active.nn.average_pool(inputs, *options)


class _AdaptivePool(_NNOp):
    _options = ("output_size", "data_format")

    def compute_output_spec(self, inputs):
        shape = symbolic.shape_of(inputs)
        channels = shape[1] if self.data_format == "channels_first" else shape[-1]
        return KerasTensor(
            _image_shape(shape[0], self.output_size, channels, self.data_format),
            _float_dtype(inputs),
        )


class AdaptiveAveragePool(_AdaptivePool):
    _function = "adaptive_average_pool"


class AdaptiveMaxPool(_AdaptivePool):
    _function = "adaptive_max_pool"


def _adaptive_arguments(inputs, output_size, data_format):
    n = _spatial_rank(inputs)
    return _int_tuple(output_size, n, "output_size"), _data_format(data_format)


def adaptive_average_pool(inputs, output_size, data_format=None):
    """Average pooling to a fixed output size, whatever the input size.

    Output position i along a dimension of size n averages the inputs
    [floor(i * n / out), ceil((i + 1) * n / out)).

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `max_pool`).
        output_size: int or tuple, the output spatial size.
        data_format: "channels_last" or "channels_first" (default: the config's).

    Returns:
        The pooled tensor (floating).

    >>> keras.ops.adaptive_average_pool(keras.ops.ones((1, 5, 5, 3)), 2).shape
    (1, 2, 2, 3)
    """
    options = _adaptive_arguments(inputs, output_size, data_format)
    if isinstance(inputs, KerasTensor):
        return AdaptiveAveragePool(*options).symbolic_call(inputs)
    return active.nn.adaptive_average_pool(inputs, *options)


def adaptive_max_pool(inputs, output_size, data_format=None):
    """Max pooling to a fixed output size, with the windows of `adaptive_average_pool`.

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `max_pool`).
        output_size: int or tuple, the output spatial size.
        data_format: "channels_last" or "channels_first" (default: the config's).

    Returns:
        The pooled tensor (floating).

    >>> keras.ops.adaptive_max_pool(keras.ops.ones((1, 5, 5, 3)), 2).shape
    (1, 2, 2, 3)
    """
    options = _adaptive_arguments(inputs, output_size, data_format)
    if isinstance(inputs, KerasTensor):
        return AdaptiveMaxPool(*options).symbolic_call(inputs)
    return active.nn.adaptive_max_pool(inputs, *options)


# Convolutions.


def _conv_arguments(inputs, kernel, strides, padding, data_format, dilation_rate):
    n = _spatial_rank(inputs)
    if _rank(kernel) != n + 2:
        raise ValueError(
            f"`kernel` must have rank {n + 2} (spatial dims, input channels, output "
            f"channels) for `inputs` of rank {n + 2}; got shape "
            f"{symbolic.shape_of(kernel)}."
        )
    return (
        _int_tuple(strides, n, "strides"),
        _padding(padding),
        _data_format(data_format),
        _int_tuple(dilation_rate, n, "dilation_rate"),
    )


def _channels(inputs, data_format):
    shape = symbolic.shape_of(inputs)
    return shape[1] if data_format == "channels_first" else shape[-1]


def _conv_spec(inputs, kernel_shape, out_channels, options, dtype):
    strides, padding, data_format, dilation = options
    shape = symbolic.shape_of(inputs)
    spatial = tuple(
        _window_output(n, k, s, padding, d)
        for n, k, s, d in zip(
            _spatial_shape(shape, data_format), kernel_shape, strides, dilation
        )
    )
    shape = _image_shape(shape[0], spatial, out_channels, data_format)
    return KerasTensor(shape, dtype)


class Conv(_NNOp):
    _function = "conv"
    _options = ("strides", "padding", "data_format", "dilation_rate")

    def compute_output_spec(self, inputs, kernel):
        kernel_shape = symbolic.shape_of(kernel)
        return _conv_spec(
            inputs,
            kernel_shape[:-2],
            kernel_shape[-1],
            tuple(self._option_values().values()),
            _float_dtype(inputs, kernel),
        )


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """N-D convolution (1, 2 or 3 spatial dims), grouped when the kernel asks for it.

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `max_pool`).
        kernel: (spatial..., in_channels / groups, out_channels); the number of groups
            is `in_channels // kernel.shape[-2]`.
        strides: int or tuple.
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first" (default: the config's).
        dilation_rate: int or tuple, the spacing of the kernel taps.

    Returns:
        The convolved tensor, in the floating dtype of the inputs.

    >>> keras.ops.conv(keras.ops.ones((1, 4, 1)), keras.ops.ones((2, 1, 1))).shape
    (1, 3, 1)
    """
    options = _conv_arguments(
        inputs, kernel, strides, padding, data_format, dilation_rate
    )
    channels = _channels(inputs, options[2])
    kernel_in = symbolic.shape_of(kernel)[-2]
    if channels is not None and kernel_in is not None and channels % kernel_in:
        raise ValueError(
            f"The input channels ({channels}) must be a multiple of the kernel's input "
            f"channels (kernel.shape[-2]={kernel_in})."
        )
    if _symbolic(inputs, kernel):
        return Conv(*options).symbolic_call(inputs, kernel)
    return active.nn.conv(inputs, kernel, *options)


class DepthwiseConv(Conv):
    _function = "depthwise_conv"

    def compute_output_spec(self, inputs, kernel):
        kernel_shape = symbolic.shape_of(kernel)
        channels = _channels(inputs, self.data_format)
        multiplier = kernel_shape[-1]
        out = None if None in (channels, multiplier) else channels * multiplier
        return _conv_spec(
            inputs,
            kernel_shape[:-2],
            out,
            tuple(self._option_values().values()),
            _float_dtype(inputs, kernel),
        )


def _check_depthwise(inputs, kernel, data_format, argument="kernel"):
    channels = _channels(inputs, data_format)
    kernel_in = symbolic.shape_of(kernel)[-2]
    if channels is not None and kernel_in is not None and channels != kernel_in:
        raise ValueError(
            f"`{argument}.shape[-2]` ({kernel_in}) must equal the input channels "
            f"({channels})."
        )


def depthwise_conv(
    inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1
):
    """Depthwise convolution: each input channel convolved with its own filters.

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `max_pool`).
        kernel: (spatial..., in_channels, depth_multiplier).
        strides: int or tuple.
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first" (default: the config's).
        dilation_rate: int or tuple.

    Returns:
        A tensor with `in_channels * depth_multiplier` channels (channel
        `c * depth_multiplier + m` is input channel c with filter m).

    >>> x, kernel = keras.ops.ones((1, 4, 2)), keras.ops.ones((2, 2, 3))
    >>> keras.ops.depthwise_conv(x, kernel).shape
    (1, 3, 6)
    """
    options = _conv_arguments(
        inputs, kernel, strides, padding, data_format, dilation_rate
    )
    _check_depthwise(inputs, kernel, options[2])
    if _symbolic(inputs, kernel):
        return DepthwiseConv(*options).symbolic_call(inputs, kernel)
    return active.nn.depthwise_conv(inputs, kernel, *options)


class SeparableConv(Conv):
    _function = "separable_conv"

    def compute_output_spec(self, inputs, depthwise_kernel, pointwise_kernel):
        return _conv_spec(
            inputs,
            symbolic.shape_of(depthwise_kernel)[:-2],
            symbolic.shape_of(pointwise_kernel)[-1],
            tuple(self._option_values().values()),
            _float_dtype(inputs, depthwise_kernel, pointwise_kernel),
        )


def separable_conv(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    """Depthwise convolution followed by a pointwise (1x1) convolution.

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `max_pool`).
        depthwise_kernel: (spatial..., in_channels, depth_multiplier).
        pointwise_kernel: (1, ..., 1, in_channels * depth_multiplier, out_channels).
        strides: int or tuple (of the depthwise step).
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first" (default: the config's).
        dilation_rate: int or tuple.

    Returns:
        A tensor with `out_channels` channels.

    >>> keras.ops.separable_conv(keras.ops.ones((1, 4, 2)), keras.ops.ones((2, 2, 1)),
    ...                          keras.ops.ones((1, 2, 5))).shape
    (1, 3, 5)
    """
    options = _conv_arguments(
        inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    _check_depthwise(inputs, depthwise_kernel, options[2], "depthwise_kernel")
    n = _rank(inputs) - 2
    pointwise = symbolic.shape_of(pointwise_kernel)
    depthwise = symbolic.shape_of(depthwise_kernel)
    middle = None if None in depthwise[-2:] else depthwise[-2] * depthwise[-1]
    if (
        len(pointwise) != n + 2
        or any(d not in (1, None) for d in pointwise[:-2])
        or (middle is not None and pointwise[-2] not in (None, middle))
    ):
        raise ValueError(
            "`pointwise_kernel` must have shape "
            f"{(1,) * n + (middle, 'out_channels')}; got {pointwise}."
        )
    if _symbolic(inputs, depthwise_kernel, pointwise_kernel):
        return SeparableConv(*options).symbolic_call(
            inputs, depthwise_kernel, pointwise_kernel
        )
    return active.nn.separable_conv(
        inputs, depthwise_kernel, pointwise_kernel, *options
    )


class ConvTranspose(_NNOp):
    _function = "conv_transpose"
    _options = ("strides", "padding", "output_padding", "data_format", "dilation_rate")

    def compute_output_spec(self, inputs, kernel):
        shape = symbolic.shape_of(inputs)
        kernel_shape = symbolic.shape_of(kernel)
        output_padding = self.output_padding or (None,) * len(self.strides)
        spatial = tuple(
            operation_utils.transpose_output_length(n, k, s, self.padding, p, d)
            for n, k, s, p, d in zip(
                _spatial_shape(shape, self.data_format),
                kernel_shape[:-2],
                self.strides,
                output_padding,
                self.dilation_rate,
            )
        )
        return KerasTensor(
            _image_shape(shape[0], spatial, kernel_shape[-2], self.data_format),
            _float_dtype(inputs, kernel),
        )


def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    """Transposed convolution (the gradient of `conv` with respect to its input).

    Output length along each spatial dim (with `k' = (k - 1) * dilation + 1`): without
    `output_padding`, `size * stride + max(k' - stride, 0)` for "valid" and
    `size * stride` for "same"; with it, `(size - 1) * stride + k' - 2 * pad +
    output_padding` where pad is 0 ("valid") or `k' // 2` ("same").

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `max_pool`).
        kernel: (spatial..., out_channels, in_channels).
        strides: int or tuple.
        padding: "valid" or "same".
        output_padding: None, or int or tuple of the extra output length (< stride).
        data_format: "channels_last" or "channels_first" (default: the config's).
        dilation_rate: int or tuple.

    Returns:
        A tensor with `out_channels` channels.

    >>> keras.ops.conv_transpose(keras.ops.ones((1, 3, 1)), keras.ops.ones((2, 1, 1)),
    ...                          strides=2).shape
    (1, 6, 1)
    """
    strides, padding, data_format, dilation_rate = _conv_arguments(
        inputs, kernel, strides, padding, data_format, dilation_rate
    )
    if output_padding is not None:
        output_padding = _int_tuple(output_padding, len(strides), "output_padding", 0)
        limits = zip(output_padding, strides, dilation_rate)
        if any(p >= max(s, d) for p, s, d in limits):
            raise ValueError(
                f"`output_padding` ({output_padding}) must be smaller than the strides "
                f"({strides}) or the dilation rate ({dilation_rate})."
            )
    channels = _channels(inputs, data_format)
    kernel_in = symbolic.shape_of(kernel)[-1]
    if channels is not None and kernel_in is not None and channels != kernel_in:
        raise ValueError(
            f"`kernel.shape[-1]` ({kernel_in}) must equal the input channels "
            f"({channels})."
        )
    options = (strides, padding, output_padding, data_format, dilation_rate)
    if _symbolic(inputs, kernel):
        return ConvTranspose(*options).symbolic_call(inputs, kernel)
    return active.nn.conv_transpose(inputs, kernel, *options)


# Rearrangements.


class DepthToSpace(_NNOp):
    _function = "depth_to_space"
    _options = ("block_size", "data_format")

    def compute_output_spec(self, x):
        b = self.block_size
        spatial = _spatial_shape(x.shape, self.data_format)
        spatial = tuple(None if d is None else d * b for d in spatial)
        channels = _channels(x, self.data_format)
        channels = None if channels is None else channels // (b * b)
        shape = _image_shape(x.shape[0], spatial, channels, self.data_format)
        return KerasTensor(shape, x.dtype)


def _block_arguments(x, block_size, data_format):
    _spatial_rank(x, "x", ranks=(4,))
    block_size = _check_positive_int(block_size, "block_size")
    if block_size < 2:
        raise ValueError(f"`block_size` must be >= 2; got {block_size}.")
    return block_size, _data_format(data_format)


def depth_to_space(x, block_size, data_format=None):
    """Moves blocks of channels into spatial blocks (the inverse of `space_to_depth`).

    Channel `(i * block_size + j) * C + c` of the input goes to channel c at offset
    (i, j) of each output block.

    Args:
        x: rank-4 image tensor; its channels must be a multiple of `block_size**2`.
        block_size: the side of the spatial blocks (>= 2).
        data_format: "channels_last" or "channels_first" (default: the config's).

    Returns:
        A tensor with `block_size` times the height and width and `block_size**2`
        times fewer channels, of the dtype of `x`.

    >>> keras.ops.depth_to_space(keras.ops.ones((1, 2, 2, 8)), 2).shape
    (1, 4, 4, 2)
    """
    block_size, data_format = _block_arguments(x, block_size, data_format)
    channels = _channels(x, data_format)
    if channels is not None and channels % (block_size * block_size):
        raise ValueError(
            f"The channels of `x` ({channels}) must be a multiple of block_size**2 "
            f"({block_size * block_size})."
        )
    if isinstance(x, KerasTensor):
        return DepthToSpace(block_size, data_format).symbolic_call(x)
    return active.nn.depth_to_space(x, block_size, data_format=data_format)


class SpaceToDepth(_NNOp):
    _function = "space_to_depth"
    _options = ("block_size", "data_format")

    def compute_output_spec(self, x):
        b = self.block_size
        spatial = _spatial_shape(x.shape, self.data_format)
        spatial = tuple(None if d is None else d // b for d in spatial)
        channels = _channels(x, self.data_format)
        channels = None if channels is None else channels * b * b
        shape = _image_shape(x.shape[0], spatial, channels, self.data_format)
        return KerasTensor(shape, x.dtype)


def space_to_depth(x, block_size, data_format=None):
    """Moves spatial blocks into channels (the inverse of `depth_to_space`).

    Args:
        x: rank-4 image tensor; its height and width must be multiples of `block_size`.
        block_size: the side of the spatial blocks (>= 2).
        data_format: "channels_last" or "channels_first" (default: the config's).

    Returns:
        A tensor with `block_size` times smaller height and width and `block_size**2`
        times more channels, of the dtype of `x`.

    >>> keras.ops.space_to_depth(keras.ops.ones((1, 4, 4, 2)), 2).shape
    (1, 2, 2, 8)
    """
    block_size, data_format = _block_arguments(x, block_size, data_format)
    spatial = _spatial_shape(symbolic.shape_of(x), data_format)
    if any(d is not None and d % block_size for d in spatial):
        raise ValueError(
            f"The height and width of `x` ({spatial}) must be multiples of "
            f"`block_size` ({block_size})."
        )
    if isinstance(x, KerasTensor):
        return SpaceToDepth(block_size, data_format).symbolic_call(x)
    return active.nn.space_to_depth(x, block_size, data_format=data_format)


def _patch_arguments(kernel_size, dilation, padding, stride):
    return (
        _int_tuple(kernel_size, 2, "kernel_size"),
        _int_tuple(dilation, 2, "dilation"),
        _int_tuple(padding, 2, "padding", minimum=0),
        _int_tuple(stride, 2, "stride"),
    )


def _block_counts(spatial, kernel_size, dilation, padding, stride):
    return tuple(
        None if n is None else (n + 2 * p - (k - 1) * d - 1) // s + 1
        for n, k, d, p, s in zip(spatial, kernel_size, dilation, padding, stride)
    )


class Unfold(_NNOp):
    _function = "unfold"
    _options = ("kernel_size", "dilation", "padding", "stride")

    def compute_output_spec(self, x):
        n, c, h, w = symbolic.shape_of(x)
        rows, cols = _block_counts((h, w), *self._option_values().values())
        kh, kw = self.kernel_size
        blocks = None if None in (rows, cols) else rows * cols
        return KerasTensor((n, None if c is None else c * kh * kw, blocks), x.dtype)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """Extracts sliding blocks of a channels-first image (im2col).

    Args:
        x: tensor of shape (N, C, H, W).
        kernel_size: int or pair, the block size (kH, kW).
        dilation: int or pair, the spacing of the block's taps.
        padding: int or pair, the zero padding on both sides of H and W.
        stride: int or pair, the step between blocks.

    Returns:
        A tensor of shape (N, C * kH * kW, L), L the number of blocks (row-major);
        feature `c * kH * kW + i * kW + j` is tap (i, j) of channel c.

    >>> keras.ops.unfold(keras.ops.ones((1, 2, 4, 4)), kernel_size=2, stride=2).shape
    (1, 8, 4)
    """
    _spatial_rank(x, "x", ranks=(4,))
    options = _patch_arguments(kernel_size, dilation, padding, stride)
    counts = _block_counts(symbolic.shape_of(x)[2:], *options)
    if any(c is not None and c < 1 for c in counts):
        raise ValueError(
            f"`unfold` finds no block of size {options[0]} in `x` of shape "
            f"{symbolic.shape_of(x)} with these padding, dilation and stride."
        )
    if isinstance(x, KerasTensor):
        return Unfold(*options).symbolic_call(x)
    return active.nn.unfold(x, *options)


class Fold(_NNOp):
    _function = "fold"
    _options = ("output_size", "kernel_size", "dilation", "padding", "stride")

    def compute_output_spec(self, x):
        n, features, _ = symbolic.shape_of(x)
        kh, kw = self.kernel_size
        channels = None if features is None else features // (kh * kw)
        return KerasTensor((n, channels, *self.output_size), x.dtype)


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sums sliding blocks back into a channels-first image (col2im, reverses `unfold`).

    Args:
        x: tensor of shape (N, C * kH * kW, L), as `unfold` makes.
        output_size: int or pair (oH, oW), the image size.
        kernel_size: int or pair, the block size (kH, kW).
        dilation: int or pair.
        padding: int or pair, the padding `unfold` applied.
        stride: int or pair.

    Returns:
        A tensor of shape (N, C, oH, oW) where overlapping taps are summed.

    >>> keras.ops.fold(keras.ops.ones((1, 8, 4)), (4, 4), kernel_size=2, stride=2).shape
    (1, 2, 4, 4)
    """
    shape = symbolic.shape_of(x)
    if len(shape) != 3:
        raise ValueError(
            f"`x` must have rank 3 (N, C * kH * kW, L); got shape {shape}."
        )
    output_size = _int_tuple(output_size, 2, "output_size")
    options = _patch_arguments(kernel_size, dilation, padding, stride)
    kh, kw = options[0]
    counts = _block_counts(output_size, *options)
    if shape[1] is not None and shape[1] % (kh * kw):
        raise ValueError(
            f"`x.shape[1]` ({shape[1]}) must be a multiple of kH * kW ({kh * kw})."
        )
    if shape[2] is not None and shape[2] != counts[0] * counts[1]:
        raise ValueError(
            f"`x.shape[2]` ({shape[2]}) must be the number of blocks in an image of "
            f"size {output_size} ({counts[0]} * {counts[1]})."
        )
    if isinstance(x, KerasTensor):
        return Fold(output_size, *options).symbolic_call(x)
    return active.nn.fold(x, output_size, *options)


# Connectionist temporal classification.


class CtcLoss(_NNOp):
    _function = "ctc_loss"
    _options = ("mask_index",)

    def compute_output_spec(self, target, output, target_length, output_length):
        return KerasTensor(symbolic.shape_of(output)[:1], _ctc_dtype(output))


def _ctc_dtype(x):
    """The dtype CTC computes in: float32 for every input dtype, as in Keras 3."""
    return dtypes.result_type(symbolic.dtype_of(x), "float32")


def _ctc_input(x):
    """`x` in `_ctc_dtype(x)` (a float16, bfloat16 or float64 input is cast)."""
    dtype = _ctc_dtype(x)
    if symbolic.dtype_of(x) == dtype:
        return x
    return active.cast(x, dtype)


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """Connectionist temporal classification loss, per sequence.

    Args:
        target: integer labels (batch, max_label_length), padded past `target_length`.
        output: logits (batch, max_length, num_classes); normalized with log-softmax.
        target_length: (batch,) the length of each label sequence.
        output_length: (batch,) the number of valid time steps of each output.
        mask_index: the class of the blank symbol.

    Returns:
        The negative log-likelihood of each target, a float32 (batch,) tensor (as in
        Keras 3, other floating inputs are computed in float32); inf where a target
        cannot be aligned.
    """
    target_shape = symbolic.shape_of(target)
    output_shape = symbolic.shape_of(output)
    if len(target_shape) != 2 or len(output_shape) != 3:
        raise ValueError(
            "`ctc_loss` needs `target` of rank 2 (batch, max_label_length) and "
            "`output` of rank 3 (batch, max_length, num_classes); got shapes "
            f"{target_shape} and {output_shape}."
        )
    lengths = {"target_length": target_length, "output_length": output_length}
    for argument, value in lengths.items():
        if len(symbolic.shape_of(value)) != 1:
            raise ValueError(
                f"`{argument}` must be a vector (batch,); got shape "
                f"{symbolic.shape_of(value)}."
            )
    _check_indices(target, "ctc_loss")
    if isinstance(mask_index, bool) or not isinstance(mask_index, numbers.Integral):
        raise TypeError(f"`mask_index` must be an int; got {mask_index!r}.")
    classes = output_shape[-1]
    if classes is not None and not 0 <= mask_index < classes:
        raise ValueError(
            f"`mask_index` must be a class index in [0, {classes}); got {mask_index}."
        )
    mask_index = int(mask_index)
    if _symbolic(target, output, target_length, output_length):
        return CtcLoss(mask_index).symbolic_call(
            target, output, target_length, output_length
        )
    return active.nn.ctc_loss(
        target, _ctc_input(output), target_length, output_length, mask_index=mask_index
    )


class CtcDecode(_NNOp):
    _function = "ctc_decode"
    _options = ("strategy", "beam_width", "top_paths", "merge_repeated", "mask_index")

    def compute_output_spec(self, inputs, sequence_lengths):
        batch, length, _ = symbolic.shape_of(inputs)
        paths = 1 if self.strategy == "greedy" else self.top_paths
        return (
            KerasTensor((paths, batch, length), "int32"),
            KerasTensor((batch, paths), _ctc_dtype(inputs)),
        )


def ctc_decode(
    inputs,
    sequence_lengths,
    strategy="greedy",
    beam_width=100,
    top_paths=1,
    merge_repeated=True,
    mask_index=0,
):
    """Decodes CTC outputs into label sequences.

    "greedy" takes the most likely class at each step, merges repeats (if
    `merge_repeated`) and drops blanks; "beam_search" keeps the `beam_width` most likely
    label prefixes and returns the `top_paths` best.

    Args:
        inputs: logits (batch, max_length, num_classes).
        sequence_lengths: (batch,) the number of valid time steps.
        strategy: "greedy" or "beam_search".
        beam_width: the beam size of "beam_search".
        top_paths: the number of paths "beam_search" returns.
        merge_repeated: merge repeated classes (greedy) or labels (beam search).
        mask_index: the class of the blank symbol.

    Returns:
        A tuple `(decoded, scores)`: int32 (paths, batch, max_length) label sequences
        padded with -1, and float32 (batch, paths) scores: the negative sum of the best
        logits for "greedy", the log-probability of each path for "beam_search".
    """
    shape = symbolic.shape_of(inputs)
    if len(shape) != 3:
        raise ValueError(
            f"`inputs` must have rank 3 (batch, max_length, num_classes); got {shape}."
        )
    if len(symbolic.shape_of(sequence_lengths)) != 1:
        raise ValueError(
            "`sequence_lengths` must be a vector (batch,); got shape "
            f"{symbolic.shape_of(sequence_lengths)}."
        )
    if strategy not in ("greedy", "beam_search"):
        raise ValueError(
            f"`strategy` must be 'greedy' or 'beam_search'; got {strategy!r}."
        )
    beam_width = _check_positive_int(beam_width, "beam_width")
    top_paths = _check_positive_int(top_paths, "top_paths")
    if top_paths > beam_width:
        raise ValueError(
            f"`top_paths` ({top_paths}) must be at most `beam_width` ({beam_width})."
        )
    _check_bool(merge_repeated, "merge_repeated")
    if isinstance(mask_index, bool) or not isinstance(mask_index, numbers.Integral):
        raise TypeError(f"`mask_index` must be an int; got {mask_index!r}.")
    options = (strategy, beam_width, top_paths, merge_repeated, int(mask_index))
    if _symbolic(inputs, sequence_lengths):
        return CtcDecode(*options).symbolic_call(inputs, sequence_lengths)
    return active.nn.ctc_decode(
        _ctc_input(inputs),
        sequence_lengths,
        strategy=strategy,
        beam_width=beam_width,
        top_paths=top_paths,
        merge_repeated=merge_repeated,
        mask_index=int(mask_index),
    )
