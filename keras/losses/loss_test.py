"""The Loss base: reductions, sample weights, masks, names, dtypes, configs."""

import numpy as np
import pytest

import keras
from keras import losses
from keras.losses import loss as loss_module
from keras.ops import testing


class AbsoluteError(keras.losses.Loss):
    """Per-element absolute error, no reduction over any axis."""

    def call(self, y_true, y_pred):
        return keras.ops.abs(y_pred - y_true)


def reference_reduce(values, sample_weight, reduction):
    """NumPy reference of the weighting and reduction of `Loss.__call__`."""
    values = values.astype("float64")
    weights = None
    if sample_weight is not None:
        weights = np.asarray(sample_weight, "float64")
        while weights.ndim < values.ndim:
            weights = weights[..., None]
        values = values * weights
    if reduction in (None, "none"):
        return values
    total = values.sum()
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and weights is not None:
        return total / weights.sum()
    return total / values.size


REDUCTIONS = [
    "sum_over_batch_size",
    "sum",
    "mean",
    "mean_with_sample_weight",
    "none",
    None,
]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", [(6,), (6, 4), (6, 3, 4)])
@pytest.mark.parametrize("weighted", [False, True])
def test_reductions_and_sample_weights(reduction, shape, weighted):
    y_true = testing.random_array(shape, seed=1)
    y_pred = testing.random_array(shape, seed=2)
    weights = testing.random_array(shape[:1], seed=3, low=0.1, high=2.0)
    values = np.abs(y_pred - y_true)
    expected = reference_reduce(values, weights if weighted else None, reduction)
    result = AbsoluteError(reduction=reduction)(
        y_true, y_pred, sample_weight=weights if weighted else None
    )
    testing.assert_close(result, np.asarray(expected, "float32"), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("weight_shape", [(), (6,), (6, 1), (6, 3), (6, 3, 1)])
def test_sample_weight_shapes_broadcast_per_sample(weight_shape):
    y_true = testing.random_array((6, 3), seed=4)
    y_pred = testing.random_array((6, 3), seed=5)
    weights = testing.random_array(weight_shape, seed=6, low=0.0, high=1.0)
    values = np.abs(y_pred - y_true)
    w = weights.reshape(weights.shape[:2]) if weights.ndim == 3 else weights
    w = w[:, None] if w.ndim == 1 else w
    expected = (values * w).sum() / values.size
    result = AbsoluteError()(y_true, y_pred, sample_weight=weights)
    testing.assert_close(result, np.float32(expected), rtol=1e-5)


def test_sample_weight_of_higher_rank_is_averaged_over_extra_axes():
    y_true = testing.random_array((5, 4), seed=7)
    y_pred = testing.random_array((5, 4), seed=8)
    weights = testing.random_array((5, 4), seed=9, low=0.0, high=1.0)
    per_sample = np.mean((y_pred - y_true) ** 2, axis=-1)
    expected = (per_sample * weights.mean(axis=-1)).sum() / 5
    result = losses.MeanSquaredError()(y_true, y_pred, sample_weight=weights)
    testing.assert_close(result, np.float32(expected), rtol=1e-5)


def test_mean_with_sample_weight_divides_by_the_weights():
    y_true = np.array([[1, 9, 2], [-5, -2, 6]], "float32")
    y_pred = np.array([[4, 8, 12], [8, 1, 3]], "float32")
    loss = losses.MeanSquaredError(reduction="mean_with_sample_weight")
    result = loss(y_true, y_pred, sample_weight=np.array([[1.2], [3.4]]))
    expected = (110 / 3 * 1.2 + 187 / 3 * 3.4) / (1.2 + 3.4)
    testing.assert_close(result, np.float32(expected), rtol=1e-5)


def test_zero_weights_with_mean_with_sample_weight_give_zero():
    loss = AbsoluteError(reduction="mean_with_sample_weight")
    result = loss(np.ones(3), np.zeros(3), sample_weight=np.zeros(3))
    testing.assert_close(result, np.float32(0.0))


@pytest.mark.skipif(
    testing.backend_name() == "numpy", reason="NumPy arrays cannot carry a mask"
)
@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "none"])
def test_mask_on_y_pred_drops_samples(reduction):
    y_true = testing.random_array((6, 3), seed=10)
    y_pred = keras.ops.convert_to_tensor(testing.random_array((6, 3), seed=11))
    keep = np.array([1, 1, 0, 1, 0, 1], bool)
    y_pred._keras_mask = keras.ops.convert_to_tensor(keep)
    values = np.mean((testing.to_numpy(y_pred) - y_true) ** 2, axis=-1)
    result = losses.MeanSquaredError(reduction=reduction)(y_true, y_pred)
    if reduction == "sum_over_batch_size":
        expected = values[keep].sum() / keep.sum()
    elif reduction == "sum":
        expected = values[keep].sum()
    else:
        expected = np.where(keep, values, 0.0)
    testing.assert_close(result, np.asarray(expected, "float32"), rtol=1e-5, atol=1e-6)


def test_empty_and_scalar_losses_are_returned_unreduced():
    result = AbsoluteError()(np.zeros((0,)), np.zeros((0,)))
    assert testing.to_numpy(result).shape == (0,)
    result = AbsoluteError(reduction="sum")(np.float32(1.0), np.float32(3.0))
    testing.assert_close(result, np.float32(2.0))


@pytest.mark.parametrize("reduction", ["average", "SUM", 1, "auto"])
def test_invalid_reduction(reduction):
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`"):
        AbsoluteError(reduction=reduction)


def test_default_name_is_unique_snake_case():
    first, second = AbsoluteError(), AbsoluteError()
    assert first.name.startswith("absolute_error")
    assert first.name != second.name
    assert AbsoluteError(name="mine").name == "mine"


def test_dtype():
    assert AbsoluteError().dtype == keras.config.floatx()
    loss = losses.MeanSquaredError(dtype="float16")
    assert loss.dtype == "float16"
    result = loss(np.ones((2, 2)), np.zeros((2, 2)))
    assert keras.backend.standardize_dtype(result.dtype) == "float16"
    policy = keras.DTypePolicy("mixed_bfloat16")
    assert losses.MeanSquaredError(dtype=policy).dtype == "bfloat16"


def test_base_call_is_abstract():
    with pytest.raises(NotImplementedError, match="must implement call"):
        keras.losses.Loss()(np.ones(2), np.ones(2))


def test_config_round_trip_of_a_subclass():
    loss = AbsoluteError(name="abs", reduction="sum")
    config = loss.get_config()
    assert config == {"name": "abs", "reduction": "sum", "dtype": "float32"}
    again = AbsoluteError.from_config(config)
    assert (again.name, again.reduction, again.dtype) == ("abs", "sum", "float32")


def test_loss_function_wrapper():
    y_true = testing.random_array((4, 3), seed=12)
    y_pred = testing.random_array((4, 3), seed=13)
    wrapper = losses.LossFunctionWrapper(losses.huber, delta=0.5)
    assert wrapper.name == "huber"
    testing.assert_close(
        wrapper(y_true, y_pred),
        losses.Huber(delta=0.5)(y_true, y_pred),
    )
    config = wrapper.get_config()
    assert config["delta"] == 0.5
    again = losses.LossFunctionWrapper.from_config(config)
    assert again.fn is losses.huber and again._fn_kwargs == {"delta": 0.5}
    with pytest.raises(TypeError, match="needs a callable `fn`"):
        losses.LossFunctionWrapper("huber")


def test_loss_function_wrapper_aligns_ranks():
    y_true = testing.random_array((5,), seed=14)
    y_pred = testing.random_array((5, 1), seed=15)
    result = losses.LossFunctionWrapper(losses.mean_squared_error, reduction=None)(
        y_true, y_pred
    )
    testing.assert_close(result, ((y_true - y_pred[:, 0]) ** 2).astype("float32"))


@pytest.mark.parametrize(
    "shapes, expected",
    [
        (((4,), (4, 1)), ((4, 1), (4, 1))),
        (((4, 1), (4,)), ((4, 1), (4, 1))),
        (((4, 3), (4, 3, 1)), ((4, 3), (4, 3))),
        (((4, 3, 1), (4, 3)), ((4, 3), (4, 3))),
        (((4, 3), (4,)), ((4, 3), (4,))),
        (((4, 3), (4, 3)), ((4, 3), (4, 3))),
    ],
)
def test_squeeze_or_expand_to_same_rank(shapes, expected):
    x1, x2 = (np.zeros(s, "float32") for s in shapes)
    y1, y2 = loss_module.squeeze_or_expand_to_same_rank(x1, x2)
    assert (tuple(y1.shape), tuple(y2.shape)) == expected


def test_keras_loss_is_the_base_class():
    assert issubclass(losses.MeanSquaredError, losses.Loss)


def trace(function):
    """`function` compiled by the backend, with the batch size left unknown."""
    name = testing.backend_name()
    if name == "jax":
        import jax

        return jax.jit(function)
    import tensorflow as tf

    spec = tf.TensorSpec((None, 3), "float32")
    return tf.function(function, input_signature=[spec, spec])


@pytest.mark.skipif(
    testing.backend_name() not in ("jax", "tensorflow"),
    reason="tests jax.jit and tf.function tracing",
)
@pytest.mark.parametrize(
    "make_loss",
    [
        lambda t, p: losses.MeanSquaredError()(t, p, sample_weight=t[:, 0]),
        lambda t, p: losses.SparseCategoricalCrossentropy(ignore_class=0)(
            keras.ops.argmax(t, axis=-1), p
        ),
        lambda t, p: losses.Circle()(keras.ops.argmax(t, axis=-1), p),
        lambda t, p: losses.Hinge(reduction="mean_with_sample_weight")(t, p, t),
        lambda t, p: losses.CTC()(
            keras.ops.cast(keras.ops.argmax(t, axis=-1)[:, None], "int32") + 1,
            keras.ops.stack([p, p], axis=1),
        ),
    ],
)
def test_losses_trace_with_a_dynamic_batch(make_loss):
    y_true = testing.random_array((5, 3), seed=20, low=0.0, high=1.0)
    y_pred = testing.random_array((5, 3), seed=21, low=0.05, high=1.0)
    eager = make_loss(y_true, y_pred)
    traced = trace(make_loss)(y_true, y_pred)
    testing.assert_close(traced, testing.to_numpy(eager), rtol=1e-5)


@pytest.mark.skipif(
    testing.backend_name() == "numpy", reason="NumPy arrays cannot carry a mask"
)
def test_mask_and_per_sample_weights_of_per_timestep_losses():
    y_true = testing.random_array((4, 5), seed=22)
    y_pred = keras.ops.convert_to_tensor(testing.random_array((4, 5), seed=23))
    keep = testing.random_array((4, 5), seed=24, low=0, high=1) > 0.3
    y_pred._keras_mask = keras.ops.convert_to_tensor(keep)
    weights = testing.random_array((4,), seed=25, low=0.5, high=2.0)
    values = np.abs(testing.to_numpy(y_pred) - y_true) * keep * weights[:, None]
    result = AbsoluteError()(y_true, y_pred, sample_weight=weights)
    testing.assert_close(result, np.float32(values.sum() / keep.sum()), rtol=1e-5)
