"""VarianceScaling and the named schemes built on it: Glorot, He and LeCun.

Each draws values whose variance is `scale / n`, where n is the number of inputs
(fan_in), outputs (fan_out) or their mean (fan_avg) of one unit of the layer, so that
activations keep their scale from layer to layer.
"""

import math

from keras import random
from keras.backends.common import variables
from keras.initializers.random_initializers import RandomInitializer

_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")

# The standard deviation of N(0, 1) truncated to [-2, 2]: a truncated normal with
# stddev s has a smaller spread, so s is divided by this to reach the variance asked.
# Var = 1 - 2 a pdf(a) / (cdf(a) - cdf(-a)) for N(0, 1) truncated to [-a, a].
_A = 2.0
_PDF_A = math.exp(-(_A**2) / 2) / math.sqrt(2 * math.pi)
_TRUNCATED_STDDEV = math.sqrt(1 - 2 * _A * _PDF_A / math.erf(_A / math.sqrt(2)))


def _axes(axes, rank, argument):
    if isinstance(axes, int):
        axes = (axes,)
    try:
        normalized = tuple(int(a) % rank if -rank <= int(a) < rank else None for a in axes)
    except (TypeError, ValueError):
        normalized = (None,)
    if None in normalized or not normalized:
        raise ValueError(
            f"`{argument}` must be an axis or a list of axes of the weight's {rank} "
            f"dimensions; got {argument}={axes!r}."
        )
    return normalized


def compute_fans(shape, input_axes=None, output_axes=None):
    """`(fan_in, fan_out)` of a weight of `shape`.

    A dense kernel (in, out) gives (in, out); a convolution kernel
    (*spatial, in, out) gives (in * prod(spatial), out * prod(spatial)); a vector (n,)
    gives (n, n) and a scalar (1, 1).

    `input_axes` / `output_axes` (an axis or a list of axes) say which axes hold the
    inputs and the outputs when they are not the last two (e.g. an EinsumDense kernel);
    they default to -2 and -1. The other axes count as the receptive field.
    """
    shape = variables.standardize_shape(shape)
    if (input_axes is not None or output_axes is not None) and len(shape) >= 2:
        rank = len(shape)
        inputs = _axes(-2 if input_axes is None else input_axes, rank, "input_axes")
        outputs = _axes(-1 if output_axes is None else output_axes, rank, "output_axes")
        if set(inputs) & set(outputs):
            raise ValueError(
                f"`input_axes` {input_axes!r} and `output_axes` {output_axes!r} share "
                "an axis."
            )
        receptive = math.prod(
            d for i, d in enumerate(shape) if i not in inputs and i not in outputs
        )
        fan_in = math.prod(shape[i] for i in inputs) * receptive
        fan_out = math.prod(shape[i] for i in outputs) * receptive
        return fan_in, fan_out
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class VarianceScaling(RandomInitializer):
    """Draws values of variance `scale / n`, n being a fan of the weight's shape.

    With `distribution="truncated_normal"` the values come from a normal distribution
    truncated at two standard deviations (its stddev corrected so the variance is as
    asked); with "untruncated_normal" from N(0, scale / n); with "uniform" from
    U(-limit, limit) with limit = sqrt(3 * scale / n).

    Args:
        scale: the positive scaling factor of the variance.
        mode: "fan_in", "fan_out" or "fan_avg": which n to divide by (see
            `compute_fans`; fan_avg is (fan_in + fan_out) / 2).
        distribution: "truncated_normal" (or "normal"), "untruncated_normal" or
            "uniform".
        seed: None, an int or a `keras.random.SeedGenerator` (see
            keras.initializers.RandomNormal).
        input_axes: the axis (or list of axes) of the inputs in the weight's shape;
            None means -2 (see `compute_fans`).
        output_axes: the axis (or list of axes) of the outputs; None means -1.

    >>> init = keras.initializers.VarianceScaling(2.0, "fan_in", "uniform", seed=0)
    >>> init((100, 10))  # uniform on (-sqrt(6/100), sqrt(6/100))
    """

    def __init__(
        self,
        scale=1.0,
        mode="fan_in",
        distribution="truncated_normal",
        seed=None,
        input_axes=None,
        output_axes=None,
    ):
        super().__init__(seed)
        self.input_axes = _plain_axes(input_axes)
        self.output_axes = _plain_axes(output_axes)
        if isinstance(scale, bool) or not isinstance(scale, (int, float)) or scale <= 0:
            raise ValueError(f"`scale` must be a positive float; got scale={scale!r}.")
        if mode not in _MODES:
            raise ValueError(f"`mode` must be one of {_MODES}; got mode={mode!r}.")
        name = distribution.lower() if isinstance(distribution, str) else distribution
        name = "truncated_normal" if name == "normal" else name
        if name not in _DISTRIBUTIONS:
            raise ValueError(
                f"`distribution` must be one of {_DISTRIBUTIONS}; got "
                f"distribution={distribution!r}."
            )
        self.scale = scale
        self.mode = mode
        self.distribution = name

    def __call__(self, shape, dtype=None):
        dtype = self._float_dtype(dtype)
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}
        variance = self.scale / max(1.0, fan[self.mode])
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            return random.uniform(shape, -limit, limit, dtype, self.seed)
        if self.distribution == "untruncated_normal":
            return random.normal(shape, 0.0, math.sqrt(variance), dtype, self.seed)
        stddev = math.sqrt(variance) / _TRUNCATED_STDDEV
        return random.truncated_normal(shape, 0.0, stddev, dtype, self.seed)

    def get_config(self):
        return {
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            **super().get_config(),
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


def _plain_axes(axes):
    """Axes as stored in a config: None, an int, or a list of ints."""
    if axes is None or isinstance(axes, int):
        return axes
    return [int(a) for a in axes]


class _Scheme(VarianceScaling):
    """A VarianceScaling with fixed arguments; its config is the seed only."""

    _ARGUMENTS = None  # (scale, mode, distribution)

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        scale, mode, distribution = self._ARGUMENTS
        super().__init__(scale, mode, distribution, seed, input_axes, output_axes)

    def get_config(self):
        return {
            **RandomInitializer.get_config(self),
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class GlorotUniform(_Scheme):
    """Glorot (Xavier) uniform: U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)).

    Args:
        seed: None, an int or a `keras.random.SeedGenerator`.
        input_axes, output_axes: the axes of the inputs and outputs (see
            `VarianceScaling`).

    >>> keras.initializers.GlorotUniform(seed=0)((3, 4))
    """

    _ARGUMENTS = (1.0, "fan_avg", "uniform")


class GlorotNormal(_Scheme):
    """Glorot (Xavier) normal: truncated normal of variance 2 / (fan_in + fan_out).

    Args:
        seed: None, an int or a `keras.random.SeedGenerator`.
        input_axes, output_axes: the axes of the inputs and outputs (see
            `VarianceScaling`).
    """

    _ARGUMENTS = (1.0, "fan_avg", "truncated_normal")


class HeUniform(_Scheme):
    """He uniform: U(-limit, limit), limit = sqrt(6 / fan_in); suits ReLU layers.

    Args:
        seed: None, an int or a `keras.random.SeedGenerator`.
        input_axes, output_axes: the axes of the inputs and outputs (see
            `VarianceScaling`).
    """

    _ARGUMENTS = (2.0, "fan_in", "uniform")


class HeNormal(_Scheme):
    """He normal: truncated normal of variance 2 / fan_in; suits ReLU layers.

    Args:
        seed: None, an int or a `keras.random.SeedGenerator`.
        input_axes, output_axes: the axes of the inputs and outputs (see
            `VarianceScaling`).
    """

    _ARGUMENTS = (2.0, "fan_in", "truncated_normal")


class LecunUniform(_Scheme):
    """LeCun uniform: U(-limit, limit), limit = sqrt(3 / fan_in); suits SELU layers.

    Args:
        seed: None, an int or a `keras.random.SeedGenerator`.
        input_axes, output_axes: the axes of the inputs and outputs (see
            `VarianceScaling`).
    """

    _ARGUMENTS = (1.0, "fan_in", "uniform")


class LecunNormal(_Scheme):
    """LeCun normal: truncated normal of variance 1 / fan_in; suits SELU layers.

    Args:
        seed: None, an int or a `keras.random.SeedGenerator`.
        input_axes, output_axes: the axes of the inputs and outputs (see
            `VarianceScaling`).
    """

    _ARGUMENTS = (1.0, "fan_in", "truncated_normal")
