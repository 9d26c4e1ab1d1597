"""stateless_apply agrees with apply; under jax.jit and tf.function too."""

import numpy as np
import pytest

from keras.backends import active
from keras.backends.common import config
from keras.optimizers import testing
from keras.optimizers.adafactor import Adafactor
from keras.optimizers.adam import Adam
from keras.optimizers.adamw import AdamW
from keras.optimizers.loss_scale_optimizer import LossScaleOptimizer
from keras.optimizers.multi_optimizer import MultiOptimizer
from keras.optimizers.multi_optimizer import OptimizerMap
from keras.optimizers.nadam import Nadam
from keras.optimizers.rmsprop import RMSprop
from keras.optimizers.schedules import cosine_decay
from keras.optimizers.sgd import SGD

FACTORIES = {
    "sgd_momentum": lambda: SGD(learning_rate=0.1, momentum=0.9, nesterov=True),
    "adam_schedule": lambda: Adam(
        learning_rate=cosine_decay.CosineDecay(
            0.1, 10, warmup_target=0.2, warmup_steps=2
        )
    ),
    "adamw_ema": lambda: AdamW(
        learning_rate=0.05, use_ema=True, ema_overwrite_frequency=2, clipnorm=0.5
    ),
    "nadam_accumulation": lambda: Nadam(
        learning_rate=0.05, gradient_accumulation_steps=2, global_clipnorm=1.0
    ),
    "rmsprop_centered": lambda: RMSprop(momentum=0.5, centered=True, weight_decay=0.1),
    "adafactor": lambda: Adafactor(learning_rate=0.1),
    "loss_scale": lambda: LossScaleOptimizer(
        SGD(learning_rate=0.1, momentum=0.5), initial_scale=4.0, dynamic_growth_steps=2
    ),
    "multi": lambda: MultiOptimizer(
        OptimizerMap([SGD(learning_rate=0.1)], ["w0"]), Adam(learning_rate=0.1)
    ),
}


def _scaled(name, grads):
    # The loss scale optimizer expects gradients of the scaled loss.
    if name != "loss_scale":
        return grads
    return [[g * 4.0 for g in round_grads] for round_grads in grads]


def _stateful(name, values, grads):
    optimizer = FACTORIES[name]()
    variables = testing.make_variables(values)
    for round_grads in _scaled(name, grads):
        optimizer.apply(round_grads, variables)
    return testing.values_of(variables), testing.values_of(optimizer.variables)


def _stateless(name, values, grads, compile_fn=None):
    optimizer = FACTORIES[name]()
    variables = testing.make_variables(values)
    optimizer.build(variables)
    start = (testing.values_of(variables), testing.values_of(optimizer.variables))

    def step(trainable, state, round_grads):
        return optimizer.stateless_apply(state, round_grads, trainable)

    if compile_fn is not None:
        step = compile_fn(step)
    trainable, state = start
    for round_grads in _scaled(name, grads):
        trainable, state = step(trainable, state, round_grads)
    # Nothing was assigned: the variables still hold their initial values.
    for variable, value in zip(variables, start[0]):
        np.testing.assert_array_equal(variable.numpy(), value)
    to_numpy = active.convert_to_numpy
    return [to_numpy(v) for v in trainable], [to_numpy(v) for v in state]


def _assert_same(expected, actual):
    for want, got in zip(expected[0] + expected[1], actual[0] + actual[1]):
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_stateless_apply_matches_apply(name):
    values, grads = testing.random_problem(steps=4)
    _assert_same(_stateful(name, values, grads), _stateless(name, values, grads))


@pytest.mark.skipif(config.backend() != "jax", reason="jax.jit is jax only")
@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_stateless_apply_under_jax_jit(name):
    import jax

    values, grads = testing.random_problem(steps=4)
    expected = _stateful(name, values, grads)
    _assert_same(expected, _stateless(name, values, grads, compile_fn=jax.jit))


@pytest.mark.skipif(config.backend() != "tensorflow", reason="tf.function is TF only")
@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_apply_inside_tf_function(name):
    import tensorflow as tf

    values, grads = testing.random_problem(steps=4)
    expected = _stateful(name, values, grads)
    optimizer = FACTORIES[name]()
    variables = testing.make_variables(values)
    optimizer.build(variables)
    apply = tf.function(lambda round_grads: optimizer.apply(round_grads, variables))
    for round_grads in _scaled(name, grads):
        apply([tf.constant(g) for g in round_grads])
    actual = testing.values_of(variables), testing.values_of(optimizer.variables)
    _assert_same(expected, actual)


def test_stateless_apply_errors():
    optimizer = SGD()
    with pytest.raises(ValueError, match="must be built"):
        optimizer.stateless_apply([], [], [])
    variables = testing.make_variables([np.ones(2, "float32")])
    optimizer.build(variables)
    with pytest.raises(ValueError, match="one value per variable of"):
        optimizer.stateless_apply([], [np.ones(2, "float32")], [np.ones(2, "float32")])
    state = testing.values_of(optimizer.variables)
    with pytest.raises(ValueError, match="one value per variable the optimizer"):
        optimizer.stateless_apply(state, [np.ones(2, "float32")], [])
