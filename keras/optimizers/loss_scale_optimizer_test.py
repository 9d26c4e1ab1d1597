import numpy as np
import pytest

from keras.backends.common import config as backend_config
from keras.optimizers import testing
from keras.optimizers.adam import Adam
from keras.optimizers.loss_scale_optimizer import LossScaleOptimizer
from keras.optimizers.sgd import SGD


def _setup(initial_scale=8.0, growth_steps=2):
    inner = SGD(learning_rate=0.5, loss_scale_factor=3.0)
    optimizer = LossScaleOptimizer(
        inner, initial_scale=initial_scale, dynamic_growth_steps=growth_steps
    )
    (w,) = testing.make_variables([np.array([1.0, 2.0], "float32")])
    return optimizer, inner, w


def test_finite_steps_unscale_and_grow_the_scale():
    optimizer, inner, w = _setup()
    assert inner.loss_scale_factor is None  # never unscaled twice
    expected = np.array([1.0, 2.0])
    scale = 8.0
    for step in range(1, 5):
        grad = np.array([1.0, -2.0]) * scale  # the gradient of the scaled loss
        optimizer.apply([grad.astype("float32")], [w])
        expected = expected - 0.5 * grad / scale
        if step % 2 == 0:
            scale *= 2
        np.testing.assert_allclose(w.numpy(), expected, rtol=1e-6)
        np.testing.assert_allclose(optimizer.dynamic_scale.numpy(), scale)
        assert int(optimizer.step_counter.numpy()) == step % 2
    assert int(np.asarray(optimizer.iterations)) == 4


def test_non_finite_step_is_skipped_and_halves_the_scale():
    optimizer, inner, w = _setup()
    optimizer.apply([np.array([8.0, 8.0], "float32")], [w])
    optimizer.apply([np.array([np.nan, 1.0], "float32")], [w])
    np.testing.assert_allclose(w.numpy(), [0.5, 1.5])
    np.testing.assert_allclose(optimizer.dynamic_scale.numpy(), 4.0)
    assert int(optimizer.step_counter.numpy()) == 0
    assert int(np.asarray(inner.iterations)) == 1
    optimizer.apply([np.array([np.inf, 1.0], "float32")], [w])
    np.testing.assert_allclose(optimizer.dynamic_scale.numpy(), 2.0)
    np.testing.assert_allclose(w.numpy(), [0.5, 1.5])


def test_variables_wrap_the_inner_optimizer():
    optimizer = LossScaleOptimizer(Adam(name="adam"), name="lso")
    optimizer.build(testing.make_variables([np.zeros(2, "float32")]))
    assert [v.path for v in optimizer.variables] == [
        "lso/iteration",
        "lso/learning_rate",
        "lso/step_counter",
        "lso/dynamic_scale",
        "adam/iteration",
        "adam/learning_rate",
        "adam/w0_momentum",
        "adam/w0_velocity",
    ]


def test_scale_loss_and_learning_rate_proxy():
    optimizer, inner, w = _setup(initial_scale=16.0)
    np.testing.assert_allclose(np.asarray(optimizer.scale_loss(2.0)), 32.0)
    optimizer.build([w])
    optimizer.dynamic_scale.assign(4.0)
    np.testing.assert_allclose(np.asarray(optimizer.scale_loss(2.0)), 8.0)
    optimizer.learning_rate = 0.25
    np.testing.assert_allclose(np.asarray(inner.learning_rate), 0.25)
    np.testing.assert_allclose(np.asarray(optimizer.learning_rate), 0.25)


@pytest.mark.skipif(backend_config.backend() != "jax", reason="jax.jit is jax only")
def test_stateless_apply_skips_non_finite_steps_under_jit():
    import jax

    optimizer, inner, w = _setup()
    optimizer.build([w])
    state = testing.values_of(optimizer.variables)
    step = jax.jit(optimizer.stateless_apply)
    grads = [np.array([np.nan, 8.0], "float32")]
    (new_w,), state = step(state, grads, [w.numpy()])
    np.testing.assert_allclose(np.asarray(new_w), [1.0, 2.0])
    np.testing.assert_allclose(np.asarray(state[3]), 4.0)  # dynamic_scale halved
    (new_w,), state = step(state, [np.array([4.0, 4.0], "float32")], [new_w])
    np.testing.assert_allclose(np.asarray(new_w), [0.5, 1.5])


def test_config_round_trip():
    optimizer = LossScaleOptimizer(
        SGD(learning_rate=0.2), initial_scale=64.0, dynamic_growth_steps=10, name="ls"
    )
    config = optimizer.get_config()
    assert sorted(config) == [
        "dynamic_growth_steps",
        "initial_scale",
        "inner_optimizer",
        "name",
    ]
    assert config["inner_optimizer"]["class_name"] == "SGD"
    restored = LossScaleOptimizer.from_config(config)
    assert isinstance(restored.inner_optimizer, SGD)
    assert restored.get_config() == config
    # Configs of older versions carry base arguments at their defaults.
    LossScaleOptimizer.from_config(dict(config, clipnorm=None, use_ema=False))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"dynamic": False}, "no longer supports `dynamic=False`"),
        ({"clipnorm": 1.0}, "does not support `clipnorm`"),
        ({"foo": 1}, "does not support arguments"),
    ],
)
def test_invalid_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        LossScaleOptimizer(SGD(), **kwargs)
    with pytest.raises(ValueError, match="`inner_optimizer` must be"):
        LossScaleOptimizer("sgd")
