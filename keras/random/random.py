"""keras.random: random tensors drawn from common distributions, on every backend.

Each op checks its arguments, turns `seed` into a seed tensor with `draw_seed`, and
calls the stateless function of the same name in `active.random`. `seed` is None (fresh
randomness), an int (the same numbers on every call) or a SeedGenerator (different
numbers on each call, replayed by a new generator with the same seed). Numbers are not
the same across backends; their distribution is.

The ops that take a tensor (dropout, shuffle, categorical) also accept KerasTensors, for
which an Operation gives the output spec. The ops that take a shape accept None dims
(the shape `ops.shape` gives for a KerasTensor, as when a layer's `call` is traced to
infer its outputs) and then return a KerasTensor of that shape and dtype.
"""

import numbers

from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common import keras_tensor
from keras.backends.common import variables
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import symbolic
from keras.ops.operation import Operation
from keras.random.seed_generator import check_seed
from keras.random.seed_generator import draw_seed

__all__ = [
    "beta",
    "binomial",
    "categorical",
    "dropout",
    "gamma",
    "normal",
    "randint",
    "shuffle",
    "truncated_normal",
    "uniform",
]


def _shape(shape):
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        raise ValueError(
            f"`shape` must be a tuple or list of ints, such as (2, 3); got {shape!r}."
        )
    if symbolic.has_unknown_dims(shape):
        shape = keras_tensor.standardize_shape(shape)
        variables.check_element_count([d for d in shape if d is not None])
        return shape
    if isinstance(shape, (tuple, list)) and any(_is_dynamic(d) for d in shape):
        # The engine checks the dynamic dims when the graph runs; the others here.
        static = [d for d in shape if not _is_dynamic(d)]
        known = iter(variables.standardize_shape(static))
        return tuple(d if _is_dynamic(d) else next(known) for d in shape)
    return variables.standardize_shape(shape)


def _is_dynamic(dim):
    """True for a scalar engine tensor without a value: the dim `ops.shape` gives for
    an unknown dim under tf.function (a value would have `__index__`)."""
    return active.is_tensor(dim) and not hasattr(dim, "__index__")


def _sample(function, shape, params, dtype, seed):
    """`function(shape, *params, dtype, seed)` of the backend; for a shape with None
    dims, the KerasTensor of the result (the seed is checked, not drawn from)."""
    if symbolic.has_unknown_dims(shape):
        check_seed(seed)
        return KerasTensor(shape, dtype=dtype)
    return function(shape, *params, dtype, draw_seed(seed))


def _float_dtype(dtype, op):
    dtype = dtypes.standardize_dtype(dtype)
    if not dtypes.is_float_dtype(dtype):
        raise ValueError(
            f"`{op}` only supports floating point dtypes for `dtype`; got {dtype!r}."
        )
    return dtype


def _int_dtype(dtype, op):
    dtype = dtypes.standardize_dtype(dtype)
    if not dtypes.is_int_dtype(dtype):
        raise ValueError(
            f"`{op}` only supports integer dtypes for `dtype`; got {dtype!r}."
        )
    return dtype


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Draws samples from a normal (Gaussian) distribution.

    Args:
        shape: the shape of the result, a tuple of ints (None for an unknown dim
            gives a KerasTensor).
        mean: the mean of the distribution.
        stddev: the standard deviation of the distribution.
        dtype: a floating point dtype; defaults to `keras.config.floatx()`.
        seed: None, an int or a `keras.random.SeedGenerator`.

    Returns:
        A tensor of `shape` and `dtype`.

    >>> keras.random.normal((2, 3), seed=1)  # the same (2, 3) values on every call
    """
    shape = _shape(shape)
    dtype = _float_dtype(dtype, "normal")
    return _sample(active.random.normal, shape, (mean, stddev), dtype, seed)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Draws samples from a uniform distribution on `[minval, maxval)`.

    Args:
        shape: the shape of the result, a tuple of ints (None for an unknown dim
            gives a KerasTensor).
        minval: the lower bound (included).
        maxval: the upper bound (excluded).
        dtype: a floating point dtype; defaults to `keras.config.floatx()`
            (use `randint` for integers).
        seed: None, an int or a `keras.random.SeedGenerator`.

    Returns:
        A tensor of `shape` and `dtype`.

    >>> keras.random.uniform((4,), minval=-1.0, maxval=1.0, seed=3)  # 4 floats
    """
    shape = _shape(shape)
    dtype = _float_dtype(dtype, "uniform")
    return _sample(active.random.uniform, shape, (minval, maxval), dtype, seed)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """Draws integers uniformly from `[minval, maxval)`.

    Args:
        shape: the shape of the result, a tuple of ints (None for an unknown dim
            gives a KerasTensor).
        minval: the lower bound (included), an int.
        maxval: the upper bound (excluded), an int greater than `minval`.
        dtype: an integer dtype; defaults to "int32".
        seed: None, an int or a `keras.random.SeedGenerator`.

    Returns:
        A tensor of `shape` and `dtype`.

    >>> keras.random.randint((3,), 0, 10, seed=0)  # 3 ints in [0, 10), dtype int32
    """
    shape = _shape(shape)
    dtype = _int_dtype(dtype, "randint")
    if isinstance(minval, numbers.Number) and isinstance(maxval, numbers.Number):
        if maxval <= minval:
            raise ValueError(
                "`randint` needs `maxval` > `minval`; got "
                f"minval={minval!r}, maxval={maxval!r}."
            )
    return _sample(active.random.randint, shape, (minval, maxval), dtype, seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Draws samples from a normal distribution truncated at two standard deviations.

    Values more than `2 * stddev` away from `mean` are redrawn, so every value lies in
    `[mean - 2 * stddev, mean + 2 * stddev]`.

    Args:
        shape: the shape of the result, a tuple of ints (None for an unknown dim
            gives a KerasTensor).
        mean: the mean of the untruncated distribution.
        stddev: the standard deviation of the untruncated distribution.
        dtype: a floating point dtype; defaults to `keras.config.floatx()`.
        seed: None, an int or a `keras.random.SeedGenerator`.

    Returns:
        A tensor of `shape` and `dtype`.
    """
    shape = _shape(shape)
    dtype = _float_dtype(dtype, "truncated_normal")
    return _sample(active.random.truncated_normal, shape, (mean, stddev), dtype, seed)


def _check_rate(rate):
    if isinstance(rate, numbers.Real) and not 0 <= rate < 1:
        raise ValueError(f"`dropout` needs a `rate` in [0, 1); got rate={rate!r}.")


def _noise_shape(noise_shape, shape):
    """`noise_shape` with its None entries taken from `shape`, checked to broadcast."""
    if noise_shape is None:
        return tuple(shape)
    noise_shape = tuple(noise_shape)
    if len(noise_shape) != len(shape):
        raise ValueError(
            f"`noise_shape` must have the rank of `inputs` ({len(shape)}); got "
            f"noise_shape={noise_shape} for inputs of shape {tuple(shape)}."
        )
    filled = tuple(s if n is None else n for n, s in zip(noise_shape, shape))
    for n, s in zip(filled, shape):
        if n not in (1, s) and s is not None:
            raise ValueError(
                f"`noise_shape` {noise_shape} does not broadcast to the shape of "
                f"`inputs` {tuple(shape)}: each entry must be 1, None or the same dim."
            )
    return filled


class Dropout(Operation):
    def __init__(self, rate, noise_shape=None, seed=None):
        super().__init__()
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed

    def call(self, inputs):
        return dropout(inputs, self.rate, self.noise_shape, self.seed)

    def compute_output_spec(self, inputs):
        _noise_shape(self.noise_shape, inputs.shape)
        return KerasTensor(inputs.shape, dtype=dtypes.result_type(inputs.dtype, float))


def dropout(inputs, rate, noise_shape=None, seed=None):
    """Randomly sets entries of `inputs` to zero and scales the others by `1/(1-rate)`.

    Each entry is kept with probability `1 - rate`, so the expected value of each entry
    is unchanged. Integer and bool inputs give floatx results.

    Args:
        inputs: the tensor to drop entries from.
        rate: the probability of dropping an entry, in [0, 1).
        noise_shape: the shape of the keep/drop mask, broadcast to the shape of
            `inputs` (e.g. `(batch, 1, features)` drops whole features for every
            timestep); None entries take the dim of `inputs`. Defaults to the shape
            of `inputs`.
        seed: None, an int or a `keras.random.SeedGenerator`.

    Returns:
        A tensor of the shape of `inputs`.

    >>> keras.random.dropout(keras.ops.ones((2, 4)), rate=0.5, seed=0)  # 0s and 2s
    """
    _check_rate(rate)
    if isinstance(inputs, KerasTensor):
        return Dropout(rate, noise_shape, seed).symbolic_call(inputs)
    noise_shape = _noise_shape(noise_shape, active.shape(inputs))
    return active.random.dropout(inputs, rate, noise_shape, draw_seed(seed))


class Shuffle(Operation):
    def __init__(self, axis=0, seed=None):
        super().__init__()
        self.axis = axis
        self.seed = seed

    def call(self, x):
        return shuffle(x, self.axis, self.seed)

    def compute_output_spec(self, x):
        symbolic.canonicalize_axis(self.axis, len(x.shape))
        return KerasTensor(x.shape, dtype=x.dtype)


def shuffle(x, axis=0, seed=None):
    """Shuffles `x` along `axis`: the same random permutation for every other index.

    Args:
        x: the tensor to shuffle (at least 1-D).
        axis: the axis to permute; negative values count from the end.
        seed: None, an int or a `keras.random.SeedGenerator`.

    Returns:
        A tensor of the shape and dtype of `x`.

    >>> keras.random.shuffle(keras.ops.arange(5), seed=0)  # a permutation of 0..4
    """
    if isinstance(x, KerasTensor):
        return Shuffle(axis, seed).symbolic_call(x)
    axis = symbolic.canonicalize_axis(axis, len(active.shape(x)))
    return active.random.shuffle(x, axis, draw_seed(seed))


def gamma(shape, alpha, dtype=None, seed=None):
    """Draws samples from a gamma distribution of shape `alpha` and scale 1.

    Args:
        shape: the shape of the result, a tuple of ints (None for an unknown dim
            gives a KerasTensor).
        alpha: the concentration (shape parameter), a positive float; a tensor of
            them must broadcast to `shape`.
        dtype: a floating point dtype; defaults to `keras.config.floatx()`.
        seed: None, an int or a `keras.random.SeedGenerator`.

    Returns:
        A tensor of `shape` and `dtype`, with mean `alpha` and variance `alpha`.
    """
    shape = _shape(shape)
    dtype = _float_dtype(dtype, "gamma")
    if isinstance(alpha, numbers.Real) and alpha <= 0:
        raise ValueError(f"`gamma` needs a positive `alpha`; got alpha={alpha!r}.")
    return _sample(active.random.gamma, shape, (alpha,), dtype, seed)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    """Draws samples from a binomial distribution: successes in `counts` trials.

    Args:
        shape: the shape of the result, a tuple of ints (None for an unknown dim
            gives a KerasTensor).
        counts: the number of trials, a number or a tensor broadcastable to `shape`.
        probabilities: the probability of success of one trial, a float in [0, 1] or a
            tensor broadcastable to `shape`.
        dtype: a floating point dtype; defaults to `keras.config.floatx()`.
        seed: None, an int or a `keras.random.SeedGenerator`.

    Returns:
        A tensor of `shape` and `dtype` holding whole numbers in `[0, counts]`.
    """
    shape = _shape(shape)
    dtype = _float_dtype(dtype, "binomial")
    if isinstance(probabilities, numbers.Real) and not 0 <= probabilities <= 1:
        raise ValueError(
            f"`binomial` needs `probabilities` in [0, 1]; got {probabilities!r}."
        )
    if isinstance(counts, numbers.Real) and counts < 0:
        raise ValueError(f"`binomial` needs non-negative `counts`; got {counts!r}.")
    return _sample(active.random.binomial, shape, (counts, probabilities), dtype, seed)


def beta(shape, alpha, beta, dtype=None, seed=None):
    """Draws samples from a beta distribution on [0, 1].

    Args:
        shape: the shape of the result, a tuple of ints (None for an unknown dim
            gives a KerasTensor).
        alpha: the first concentration parameter, positive (a number or a tensor
            broadcastable to `shape`).
        beta: the second concentration parameter, positive (likewise).
        dtype: a floating point dtype; defaults to `keras.config.floatx()`.
        seed: None, an int or a `keras.random.SeedGenerator`.

    Returns:
        A tensor of `shape` and `dtype`, with mean `alpha / (alpha + beta)`.
    """
    shape = _shape(shape)
    dtype = _float_dtype(dtype, "beta")
    for name, value in (("alpha", alpha), ("beta", beta)):
        if isinstance(value, numbers.Real) and value <= 0:
            raise ValueError(f"`beta` needs a positive `{name}`; got {name}={value!r}.")
    return _sample(active.random.beta, shape, (alpha, beta), dtype, seed)


def _check_categorical(logits_shape, num_samples):
    if len(logits_shape) != 2:
        raise ValueError(
            "`categorical` expects `logits` of shape (batch_size, num_classes); got "
            f"shape {tuple(logits_shape)}."
        )
    if isinstance(num_samples, bool) or not isinstance(num_samples, numbers.Integral):
        raise ValueError(f"`num_samples` must be an int; got {num_samples!r}.")
    if num_samples < 0:
        raise ValueError(f"`num_samples` must be >= 0; got {num_samples}.")


class Categorical(Operation):
    def __init__(self, num_samples, dtype="int32", seed=None):
        super().__init__()
        self.num_samples = num_samples
        self.dtype = dtype
        self.seed = seed

    def call(self, logits):
        return categorical(logits, self.num_samples, self.dtype, self.seed)

    def compute_output_spec(self, logits):
        _check_categorical(logits.shape, self.num_samples)
        return KerasTensor((logits.shape[0], self.num_samples), dtype=self.dtype)


def categorical(logits, num_samples, dtype="int32", seed=None):
    """Draws class indices from categorical distributions given by logits.

    Args:
        logits: a tensor of shape (batch_size, num_classes): row `i` holds the
            unnormalized log-probabilities of the classes of the `i`-th distribution.
        num_samples: the number of samples drawn from each distribution.
        dtype: an integer dtype; defaults to "int32".
        seed: None, an int or a `keras.random.SeedGenerator`.

    Returns:
        A tensor of shape (batch_size, num_samples) of class indices.

    >>> keras.random.categorical(keras.ops.log([[0.1, 0.9]]), 5, seed=0)  # mostly 1s
    """
    dtype = _int_dtype(dtype, "categorical")
    if isinstance(logits, KerasTensor):
        return Categorical(num_samples, dtype, seed).symbolic_call(logits)
    _check_categorical(active.shape(logits), num_samples)
    return active.random.categorical(logits, num_samples, dtype, draw_seed(seed))
