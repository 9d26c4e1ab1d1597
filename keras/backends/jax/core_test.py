"""JAX specifics of the backend contract: jit, tracers, jax functions on Variables."""

import jax
import jax.numpy as jnp
import numpy as np

import keras
from keras.backends.jax import core


def test_variable_value_is_a_jax_array_replaced_on_assign():
    v = core.Variable(np.array([1.5, -2.0], "float32"))
    before = v.value
    assert isinstance(before, jax.Array)
    v.assign(np.zeros(2, "float32"))
    np.testing.assert_allclose(before, [1.5, -2.0])
    np.testing.assert_allclose(jnp.add(v.value, 1.0), [1.0, 1.0])


def test_64_bit_dtypes_follow_jax_enable_x64():
    wide = jax.config.read("jax_enable_x64")
    out = core.convert_to_tensor(np.arange(3, dtype="int64"))
    assert out.dtype == (jnp.int64 if wide else jnp.int32)


def test_contract_functions_work_on_tracers_under_jit():
    @jax.jit
    def f(x):
        assert core.is_tensor(x) and core.shape(x) == (2,)
        return core.cast(core.convert_to_tensor(x), "int32")

    out = f(jnp.array([1.7, -2.2]))
    assert out.dtype == jnp.int32
    np.testing.assert_array_equal(out, [1, -2])


def test_gradient_through_cast():
    grad = jax.grad(lambda x: jnp.sum(core.cast(x, "float32") ** 2))(jnp.array([3.0]))
    np.testing.assert_allclose(grad, [6.0])


def test_public_variable_is_the_jax_one():
    assert keras.Variable is core.Variable
