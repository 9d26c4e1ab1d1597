"""RematScope and keras.remat on JAX: the gradient's program holds a checkpoint (the
forward is recomputed there, not re-run in Python), and the gradient is unchanged."""

import jax
import jax.numpy as jnp
import numpy as np

import keras


def grad_program_and_value(layer, x):
    variables = layer.trainable_variables
    values = [v.value for v in variables]

    def loss(values, x):
        with keras.StatelessScope(state_mapping=list(zip(variables, values))):
            return jnp.sum(layer(x) ** 2)

    program = str(jax.make_jaxpr(jax.grad(loss))(values, x))
    return program, jax.grad(loss)(values, x)


def test_layers_made_in_a_scope_are_checkpointed():
    x = jnp.asarray(np.random.default_rng(0).standard_normal((2, 6)), jnp.float32)
    keras.utils.set_random_seed(1)
    with keras.RematScope("full"):
        remat = keras.layers.Dense(4, activation="tanh")
    remat.build(x.shape)
    plain = keras.layers.Dense(4, activation="tanh")
    plain.build(x.shape)
    plain.set_weights(remat.get_weights())
    remat_program, remat_grads = grad_program_and_value(remat, x)
    plain_program, plain_grads = grad_program_and_value(plain, x)
    assert "checkpoint" in remat_program or "remat" in remat_program
    assert "checkpoint" not in plain_program and "remat" not in plain_program
    for a, b in zip(remat_grads, plain_grads):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_remat_function_is_jax_checkpoint():
    f = keras.remat(lambda x: jnp.sin(x) * 2)
    program = str(jax.make_jaxpr(jax.grad(lambda x: jnp.sum(f(x))))(jnp.ones(3)))
    assert "checkpoint" in program or "remat" in program
