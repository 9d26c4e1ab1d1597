"""keras.random: shapes, dtypes, the statistics of each distribution, and seeding.

Numbers differ across backends, so each distribution is checked by its moments and
range on N samples, with tolerances of about five standard errors (fixed seeds keep the
tests deterministic).
"""

import math
import random as python_random

import numpy as np
import pytest

import keras
from keras import random
from keras.ops import testing

N = 20000
FLOATS = ["float32", "float16", "bfloat16"]
SHAPES = [(), (0,), (3,), (2, 3), (2, 0, 4)]


def sample(op, *args, **kwargs):
    return testing.to_numpy(op(*args, **kwargs)).astype("float64")


def assert_moments(values, mean, std):
    """The sample mean and standard deviation of `values` match, within ~5 SEs."""
    n = values.size
    assert abs(values.mean() - mean) < 5 * std / math.sqrt(n), (values.mean(), mean)
    std_error = 5 * std / math.sqrt(2 * n) + 1e-3
    assert abs(values.std() - std) < std_error, (values.std(), std)


def check_spec(result, shape, dtype):
    result = testing.to_numpy(result)
    assert result.shape == shape
    assert keras.backend.standardize_dtype(result.dtype) == dtype


def test_namespace_exports_exactly_the_public_names():
    assert sorted(random.__all__) == [
        "SeedGenerator",
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
    for name in random.__all__:
        assert callable(getattr(random, name))


# Shapes and dtypes.


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", FLOATS)
def test_float_samplers_give_shape_and_dtype(shape, dtype):
    check_spec(random.normal(shape, dtype=dtype, seed=1), shape, dtype)
    check_spec(random.uniform(shape, dtype=dtype, seed=1), shape, dtype)
    check_spec(random.truncated_normal(shape, dtype=dtype, seed=1), shape, dtype)
    check_spec(random.gamma(shape, 2.0, dtype=dtype, seed=1), shape, dtype)
    check_spec(random.binomial(shape, 5, 0.5, dtype=dtype, seed=1), shape, dtype)
    check_spec(random.beta(shape, 2.0, 3.0, dtype=dtype, seed=1), shape, dtype)


def test_default_dtype_is_floatx():
    for op, args in [
        (random.normal, ()),
        (random.uniform, ()),
        (random.truncated_normal, ()),
        (random.gamma, (1.0,)),
        (random.binomial, (3, 0.5)),
        (random.beta, (1.0, 1.0)),
    ]:
        check_spec(op((4, 2), *args, seed=0), (4, 2), "float32")
    check_spec(random.randint((4, 2), 0, 5, seed=0), (4, 2), "int32")


def test_shape_may_be_a_list():
    check_spec(random.normal([2, 5], seed=0), (2, 5), "float32")


# Statistics of each distribution.


def test_normal_moments():
    values = sample(random.normal, (N,), mean=2.0, stddev=3.0, seed=11)
    assert_moments(values, 2.0, 3.0)


def test_normal_in_half_precision_keeps_its_moments():
    values = sample(
        random.normal, (N,), mean=-1.0, stddev=0.5, dtype="bfloat16", seed=5
    )
    assert_moments(values, -1.0, 0.5)


@pytest.mark.parametrize("dtype", FLOATS)
def test_uniform_range_and_moments(dtype):
    values = sample(random.uniform, (N,), minval=-2.0, maxval=3.0, dtype=dtype, seed=3)
    assert values.min() >= -2.0
    assert values.max() < 3.0
    assert_moments(values, 0.5, 5 / math.sqrt(12))


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "int32", "uint32"])
def test_randint_range_dtype_and_moments(dtype):
    result = random.randint((N,), 3, 13, dtype=dtype, seed=4)
    check_spec(result, (N,), dtype)
    values = testing.to_numpy(result)
    np.testing.assert_array_equal(np.unique(values), np.arange(3, 13))
    assert_moments(values.astype("float64"), 7.5, math.sqrt((10**2 - 1) / 12))


def test_randint_negative_range():
    values = testing.to_numpy(random.randint((N,), -5, 0, seed=2))
    np.testing.assert_array_equal(np.unique(values), np.arange(-5, 0))


def test_truncated_normal_is_within_two_stddevs():
    values = sample(random.truncated_normal, (N,), mean=1.0, stddev=2.0, seed=8)
    assert values.min() >= 1.0 - 4.0
    assert values.max() <= 1.0 + 4.0
    # The standard normal truncated to [-2, 2] has variance
    # 1 - 4 phi(2) / (2 Phi(2) - 1).
    phi = math.exp(-2.0) / math.sqrt(2 * math.pi)
    mass = math.erf(2 / math.sqrt(2))
    assert_moments(values, 1.0, 2.0 * math.sqrt(1 - 4 * phi / mass))


@pytest.mark.parametrize("alpha", [0.5, 2.0, 7.0])
def test_gamma_moments(alpha):
    values = sample(random.gamma, (N,), alpha, seed=6)
    assert values.min() >= 0.0
    assert_moments(values, alpha, math.sqrt(alpha))


@pytest.mark.parametrize("counts,probability", [(10, 0.3), (1, 0.5), (40, 0.9)])
def test_binomial_values_and_moments(counts, probability):
    values = sample(random.binomial, (N,), counts, probability, seed=9)
    np.testing.assert_array_equal(values, np.round(values))
    assert values.min() >= 0 and values.max() <= counts
    std = math.sqrt(counts * probability * (1 - probability))
    assert_moments(values, counts * probability, std)


def test_binomial_broadcasts_array_parameters():
    counts = np.array([2.0, 20.0, 50.0], "float32")
    probabilities = np.array([[0.5], [0.1]], "float32")
    values = sample(random.binomial, (N, 2, 3), counts, probabilities, seed=10)
    expected = counts * probabilities
    np.testing.assert_allclose(values.mean(axis=0), expected, rtol=0.05, atol=0.05)
    assert (values <= counts).all()


def test_binomial_with_extreme_probabilities():
    np.testing.assert_array_equal(sample(random.binomial, (50,), 7, 0.0, seed=1), 0.0)
    np.testing.assert_array_equal(sample(random.binomial, (50,), 7, 1.0, seed=1), 7.0)


@pytest.mark.parametrize("alpha,beta", [(2.0, 5.0), (0.5, 0.5), (3.0, 1.0)])
def test_beta_range_and_moments(alpha, beta):
    values = sample(random.beta, (N,), alpha, beta, seed=12)
    assert values.min() >= 0.0 and values.max() <= 1.0
    total = alpha + beta
    std = math.sqrt(alpha * beta / (total**2 * (total + 1)))
    assert_moments(values, alpha / total, std)


def test_categorical_follows_the_logits():
    probabilities = np.array([[0.1, 0.2, 0.7], [0.5, 0.5, 0.0], [0.0, 0.0, 1.0]])
    with np.errstate(divide="ignore"):
        logits = np.log(probabilities).astype("float32")
    result = random.categorical(logits, N, seed=13)
    check_spec(result, (3, N), "int32")
    values = testing.to_numpy(result)
    for row, expected in zip(values, probabilities):
        frequencies = np.bincount(row, minlength=3) / N
        standard_error = np.sqrt(expected * (1 - expected) / N)
        assert (np.abs(frequencies - expected) <= 5 * standard_error + 1e-9).all()


def test_categorical_is_invariant_to_a_shift_of_the_logits():
    logits = np.array([[100.0, 101.0]], "float32")
    values = testing.to_numpy(random.categorical(logits, N, dtype="int16", seed=1))
    assert keras.backend.standardize_dtype(values.dtype) == "int16"
    expected = 1 / (1 + math.exp(-1.0))
    assert abs(values.mean() - expected) < 5 * math.sqrt(expected * (1 - expected) / N)


def test_categorical_with_no_samples():
    result = random.categorical(np.zeros((2, 3), "float32"), 0, seed=0)
    check_spec(result, (2, 0), "int32")


# dropout.


@pytest.mark.parametrize("rate", [0.2, 0.5, 0.8])
def test_dropout_rate_and_scaling(rate):
    x = testing.random_array((N,), low=1.0, high=2.0, seed=1)
    result = random.dropout(x, rate, seed=14)
    check_spec(result, (N,), "float32")
    out = testing.to_numpy(result)
    kept = out != 0
    assert abs((1 - kept.mean()) - rate) < 5 * math.sqrt(rate * (1 - rate) / N)
    np.testing.assert_allclose(out[kept], x[kept] / (1 - rate), rtol=1e-6)


def test_dropout_rate_zero_is_the_identity():
    x = testing.random_array((3, 4), seed=2)
    testing.assert_close(random.dropout(x, 0.0, seed=1), x)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_dropout_keeps_half_precision(dtype):
    x = testing.random_array((4, 5), dtype=dtype, seed=3)
    check_spec(random.dropout(x, 0.5, seed=1), (4, 5), dtype)


@pytest.mark.parametrize("dtype", ["int32", "bool"])
def test_dropout_of_int_or_bool_inputs_is_floatx(dtype):
    x = testing.random_array((4, 5), dtype=dtype, low=1, high=5, seed=3)
    out = testing.to_numpy(random.dropout(x, 0.5, seed=1))
    assert out.dtype == np.float32
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept].astype("float32") * 2)


@pytest.mark.parametrize("noise_shape", [(64, 1, 8), (None, 1, None), (1, 5, 1)])
def test_dropout_noise_shape_broadcasts_the_mask(noise_shape):
    x = testing.random_array((64, 5, 8), low=1.0, high=2.0, seed=4)
    out = testing.to_numpy(random.dropout(x, 0.5, noise_shape=noise_shape, seed=2))
    kept = out != 0
    mask_shape = tuple(n or s for n, s in zip(noise_shape, x.shape))
    # The mask is constant along the axes where noise_shape is 1.
    reduced = kept.all(axis=tuple(i for i, n in enumerate(mask_shape) if n == 1))
    either = kept.any(axis=tuple(i for i, n in enumerate(mask_shape) if n == 1))
    np.testing.assert_array_equal(reduced, either)
    assert abs(kept.mean() - 0.5) < 5 * math.sqrt(0.25 / math.prod(mask_shape))
    np.testing.assert_allclose(out[kept], x[kept] * 2, rtol=1e-6)


def test_dropout_of_an_empty_tensor():
    result = random.dropout(np.zeros((0, 3), "float32"), 0.5, seed=0)
    check_spec(result, (0, 3), "float32")


# shuffle.


@pytest.mark.parametrize("dtype", ["float32", "int32", "uint8", "bool"])
def test_shuffle_is_a_permutation_of_rows(dtype):
    x = testing.random_array((50, 3), dtype=dtype, low=0, high=100, seed=5)
    out = testing.to_numpy(random.shuffle(x, seed=15))
    assert out.dtype == x.dtype and out.shape == x.shape
    # Rows move whole: the shuffled rows are the original rows, each once.
    assert sorted(map(tuple, out.tolist())) == sorted(map(tuple, x.tolist()))
    assert not np.array_equal(out, x)


@pytest.mark.parametrize("axis", [1, -1, -2])
def test_shuffle_along_another_axis(axis):
    x = np.arange(4 * 30 * 5, dtype="float32").reshape(4, 30, 5)
    x = np.moveaxis(x, 1, axis)
    out = testing.to_numpy(random.shuffle(x, axis=axis, seed=16))
    moved_out, moved_x = np.moveaxis(out, axis, 0), np.moveaxis(x, axis, 0)
    order = np.argsort(moved_out.reshape(30, -1)[:, 0])
    np.testing.assert_array_equal(moved_out[order], moved_x)
    assert not np.array_equal(out, x)


def test_shuffle_positions_are_uniform():
    # Over many seeds, element 0 lands at each of the 4 positions a quarter of the time.
    trials = 2000
    x = np.arange(4, dtype="int32")
    first = [
        int(np.argmax(testing.to_numpy(random.shuffle(x, seed=s)) == 0))
        for s in range(trials)
    ]
    frequencies = np.bincount(first, minlength=4) / trials
    assert (np.abs(frequencies - 0.25) < 5 * math.sqrt(0.25 * 0.75 / trials)).all()


# Seeding.


OPS = {
    "normal": lambda seed: random.normal((5,), seed=seed),
    "uniform": lambda seed: random.uniform((5,), seed=seed),
    "randint": lambda seed: random.randint((5,), 0, 1000, seed=seed),
    "truncated_normal": lambda seed: random.truncated_normal((5,), seed=seed),
    "dropout": lambda seed: random.dropout(np.ones(20, "float32"), 0.5, seed=seed),
    "shuffle": lambda seed: random.shuffle(np.arange(20, dtype="int32"), seed=seed),
    "gamma": lambda seed: random.gamma((5,), 2.0, seed=seed),
    "binomial": lambda seed: random.binomial((5,), 1000, 0.5, seed=seed),
    "beta": lambda seed: random.beta((5,), 2.0, 2.0, seed=seed),
    "categorical": lambda seed: random.categorical(np.zeros((2, 1000), "float32"), 5,
                                                   seed=seed),
}


@pytest.mark.parametrize("name", sorted(OPS))
def test_int_seed_is_reproducible(name):
    draw = OPS[name]
    a, b, c = (testing.to_numpy(draw(seed)) for seed in (42, 42, 43))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("name", sorted(OPS))
def test_seed_generator_advances_and_replays(name):
    draw = OPS[name]
    generator = random.SeedGenerator(7)
    first, second = testing.to_numpy(draw(generator)), testing.to_numpy(draw(generator))
    assert not np.array_equal(first, second)
    replay = random.SeedGenerator(7)
    np.testing.assert_array_equal(testing.to_numpy(draw(replay)), first)
    np.testing.assert_array_equal(testing.to_numpy(draw(replay)), second)


@pytest.mark.parametrize("name", sorted(OPS))
def test_no_seed_gives_fresh_numbers(name):
    draw = OPS[name]
    first, second = testing.to_numpy(draw(None)), testing.to_numpy(draw(None))
    assert not np.array_equal(first, second)


def test_python_random_seed_makes_unseeded_calls_repeatable():
    python_random.seed(3)
    first = testing.to_numpy(random.normal((4,)))
    python_random.seed(3)
    np.testing.assert_array_equal(testing.to_numpy(random.normal((4,))), first)


def test_large_and_negative_int_seeds():
    for seed in (2**40 + 3, -7):
        a = testing.to_numpy(random.normal((3,), seed=seed))
        b = testing.to_numpy(random.normal((3,), seed=seed))
        np.testing.assert_array_equal(a, b)
    seed = np.int64(5)
    np.testing.assert_array_equal(
        testing.to_numpy(random.normal((3,), seed=seed)),
        testing.to_numpy(random.normal((3,), seed=5)),
    )


def test_seed_generator_state_is_an_int_variable():
    generator = random.SeedGenerator(seed=1234, name="my_gen")
    assert isinstance(generator.state, keras.Variable)
    assert generator.state.shape == (2,)
    assert keras.backend.is_int_dtype(generator.state.dtype)
    assert not generator.state.trainable
    assert generator.state.path == "my_gen/seed_generator_state"
    before = generator.state.numpy().copy()
    seed = testing.to_numpy(generator.next())
    np.testing.assert_array_equal(seed, before)
    assert not np.array_equal(generator.state.numpy(), before)


def test_seed_generator_config_round_trip():
    generator = random.SeedGenerator(seed=99)
    random.normal((3,), seed=generator)
    clone = random.SeedGenerator.from_config(generator.get_config())
    np.testing.assert_array_equal(
        testing.to_numpy(random.normal((3,), seed=clone)),
        testing.to_numpy(random.normal((3,), seed=random.SeedGenerator(99))),
    )


def test_unseeded_generators_differ():
    a, b = random.SeedGenerator(), random.SeedGenerator()
    assert not np.array_equal(
        testing.to_numpy(random.normal((4,), seed=a)),
        testing.to_numpy(random.normal((4,), seed=b)),
    )


def _compiler():
    """The tracing compiler of the active backend: jax.jit, tf.function or None."""
    if testing.backend_name() == "jax":
        import jax

        return jax.jit
    if testing.backend_name() == "tensorflow":
        import tensorflow as tf

        return tf.function
    return None


# Defined only where the backend traces, so the other backends skip nothing.
if _compiler() is not None:

    def test_compiled_seeded_calls_match_eager_calls():
        compiled = _compiler()(lambda: random.normal((3,), seed=21))
        eager = testing.to_numpy(random.normal((3,), seed=21))
        np.testing.assert_array_equal(testing.to_numpy(compiled()), eager)
        x = np.ones((4, 5), "float32")
        compiled = _compiler()(lambda x: random.dropout(x, 0.5, seed=2))
        eager = testing.to_numpy(random.dropout(x, 0.5, seed=2))
        np.testing.assert_array_equal(testing.to_numpy(compiled(x)), eager)


if testing.backend_name() == "tensorflow":

    def test_seed_generator_advances_inside_tf_function():
        import tensorflow as tf

        generator = random.SeedGenerator(5)
        compiled = tf.function(lambda: random.uniform((3,), seed=generator))
        first, second = testing.to_numpy(compiled()), testing.to_numpy(compiled())
        assert not np.array_equal(first, second)
        replay = random.SeedGenerator(5)
        replayed = testing.to_numpy(random.uniform((3,), seed=replay))
        np.testing.assert_array_equal(replayed, first)


# Symbolic calls of the ops that take a tensor.


def test_symbolic_dropout_shuffle_and_categorical():
    x = testing.symbolic((None, 3, 4))
    testing.assert_spec(random.dropout(x, 0.5, seed=1), (None, 3, 4), "float32")
    testing.assert_spec(
        random.dropout(testing.symbolic((2, 3), "int8"), 0.5, noise_shape=(2, 1)),
        (2, 3),
        "float32",
    )
    testing.assert_spec(
        random.dropout(testing.symbolic((2, 3), "float16"), 0.5), (2, 3), "float16"
    )
    testing.assert_spec(random.shuffle(x, axis=-1, seed=1), (None, 3, 4), "float32")
    testing.assert_spec(
        random.shuffle(testing.symbolic((5,), "int32")), (5,), "int32"
    )
    logits = testing.symbolic((None, 10))
    testing.assert_spec(random.categorical(logits, 7), (None, 7), "int32")
    result = random.categorical(logits, 7, dtype="uint8")
    testing.assert_spec(result, (None, 7), "uint8")


# Shapes with unknown (None) dims: how a layer's call is traced on KerasTensors.

SHAPE_OPS = [
    (random.normal, (), "float32"),
    (random.uniform, (), "float32"),
    (random.truncated_normal, (), "float32"),
    (random.randint, (0, 5), "int32"),
    (random.gamma, (2.0,), "float32"),
    (random.binomial, (5, 0.5), "float32"),
    (random.beta, (2.0, 3.0), "float32"),
]


@pytest.mark.parametrize("op,args,default_dtype", SHAPE_OPS)
def test_unknown_dims_give_a_keras_tensor(op, args, default_dtype):
    x = testing.symbolic((None, 3, 4))
    shape = keras.ops.shape(x)
    assert shape == (None, 3, 4)
    testing.assert_spec(op(shape, *args, seed=1), (None, 3, 4), default_dtype)
    testing.assert_spec(op([2, None], *args), (2, None), default_dtype)
    dtype = "int8" if default_dtype == "int32" else "float16"
    testing.assert_spec(op((None,), *args, dtype=dtype), (None,), dtype)


def test_unknown_dims_check_the_seed_without_advancing_a_generator():
    generator = random.SeedGenerator(3)
    before = testing.to_numpy(generator.state.value)
    testing.assert_spec(random.normal((None, 2), seed=generator), (None, 2), "float32")
    np.testing.assert_array_equal(testing.to_numpy(generator.state.value), before)
    np.testing.assert_array_equal(
        testing.to_numpy(random.normal((2,), seed=generator)),
        testing.to_numpy(random.normal((2,), seed=random.SeedGenerator(3))),
    )
    with pytest.raises(ValueError, match="seed"):
        random.normal((None, 2), seed="abc")


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: random.normal((None, -1)), "shape"),
        (lambda: random.uniform((None, "a")), "shape"),
        (lambda: random.normal((None, 2**62, 4)), "elements"),
        (lambda: random.normal((None, 2), dtype="int32"), "floating point dtypes"),
        (lambda: random.randint((None,), 5, 5), "maxval"),
        (lambda: random.gamma((None,), 0.0), "alpha"),
    ],
)
def test_unknown_dims_keep_the_argument_checks(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_noise_shape_from_a_symbolic_shape():
    x = testing.symbolic((None, 3, 4))
    batch, _, features = keras.ops.shape(x)
    result = random.dropout(x, 0.5, noise_shape=(batch, 1, features), seed=1)
    testing.assert_spec(result, (None, 3, 4), "float32")


if testing.backend_name() == "tensorflow":

    def test_dynamic_dims_inside_tf_function():
        # Under tf.function `ops.shape` gives an unknown dim as a scalar tensor.
        import tensorflow as tf

        @tf.function(input_signature=[tf.TensorSpec((None, 3), tf.float32)])
        def draw(x):
            return random.normal(keras.ops.shape(x), seed=4)

        result = testing.to_numpy(draw(tf.zeros((5, 3))))
        eager = testing.to_numpy(random.normal((5, 3), seed=4))
        np.testing.assert_array_equal(result, eager)


# Bad arguments.


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: random.normal((2,), dtype="int32"), "floating point dtypes"),
        (lambda: random.uniform((2,), dtype="bool"), "floating point dtypes"),
        (lambda: random.beta((2,), 1.0, 1.0, dtype="uint8"), "floating point dtypes"),
        (lambda: random.randint((2,), 0, 5, dtype="float32"), "integer dtypes"),
        (lambda: random.categorical(np.zeros((1, 2)), 3, dtype="float32"),
         "integer dtypes"),
        (lambda: random.randint((2,), 5, 5), "maxval"),
        (lambda: random.normal(3), "shape"),
        (lambda: random.normal((2, -1)), "shape"),
        (lambda: random.normal((2,), seed="abc"), "seed"),
        (lambda: random.normal((2,), seed=1.5), "seed"),
        (lambda: random.normal((2,), seed=True), "seed"),
        (lambda: random.dropout(np.ones(3, "float32"), 1.0), "rate"),
        (lambda: random.dropout(np.ones(3, "float32"), -0.1), "rate"),
        (lambda: random.dropout(np.ones((2, 3), "float32"), 0.5, noise_shape=(2, 2)),
         "noise_shape"),
        (lambda: random.dropout(np.ones((2, 3), "float32"), 0.5, noise_shape=(3,)),
         "noise_shape"),
        (lambda: random.gamma((2,), 0.0), "alpha"),
        (lambda: random.beta((2,), 1.0, -1.0), "beta"),
        (lambda: random.binomial((2,), 3, 1.5), "probabilities"),
        (lambda: random.binomial((2,), -3, 0.5), "counts"),
        (lambda: random.categorical(np.zeros(3, "float32"), 2), "batch_size"),
        (lambda: random.categorical(np.zeros((1, 3), "float32"), 2.0), "num_samples"),
        (lambda: random.categorical(np.zeros((1, 3), "float32"), -1), "num_samples"),
        (lambda: random.SeedGenerator(1, foo=2), "foo"),
        (lambda: random.SeedGenerator("x"), "seed"),
    ],
)
def test_bad_arguments_raise_value_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_shuffle_axis_out_of_range():
    with pytest.raises(ValueError, match="axis"):
        random.shuffle(np.ones((2, 3), "float32"), axis=2)
    with pytest.raises(ValueError, match="axis"):
        random.shuffle(testing.symbolic((2, 3)), axis=-3)


@pytest.mark.parametrize("shape", [(2**62, 4), (2**40, 2**40)])
def test_shapes_past_the_element_limit_are_a_clear_error(shape):
    # JAX used to abort the interpreter on these.
    with pytest.raises(ValueError, match="elements"):
        keras.random.normal(shape)
    with pytest.raises(ValueError, match="elements"):
        keras.random.uniform(shape, seed=1)
