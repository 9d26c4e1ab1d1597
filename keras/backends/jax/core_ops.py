"""jax backend: control flow, slices and scatters (see keras/ops/core_ops.py).

Everything maps onto jax.lax, so the ops trace under jax.jit and differentiate (except
reverse-mode through `while_loop`, which JAX does not support).
"""

import functools

import jax
import jax.numpy as jnp

from keras.backends.common import backend_utils
from keras.backends.common import tree
from keras.backends.jax import core


_tensor = core._tensor


def _index_tensor(x):
    x = _tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.integer):
        raise TypeError(f"Indices must be integers; got dtype {x.dtype}.")
    return x


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    init = tree.map_structure(_tensor, init)
    return jax.lax.scan(f, init, xs=xs, length=length, reverse=reverse, unroll=unroll)


def map(f, xs):
    return jax.lax.map(f, xs)


def vectorized_map(function, elements):
    return jax.vmap(function)(elements)


def associative_scan(f, elems, reverse=False, axis=0):
    axis = axis % jnp.ndim(tree.flatten(elems)[0])
    return jax.lax.associative_scan(f, elems, reverse=reverse, axis=axis)


def cond(pred, true_fn, false_fn):
    return jax.lax.cond(pred, true_fn, false_fn)


def switch(index, branches, *operands):
    return jax.lax.switch(index, branches, *operands)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_sequence = isinstance(loop_vars, (tuple, list))
    state = tuple(loop_vars) if is_sequence else (loop_vars,)

    def step(state):
        outputs = body(*state)
        return tuple(outputs) if is_sequence else (outputs,)

    if maximum_iterations is None:
        state = jax.lax.while_loop(lambda s: cond(*s), step, state)
    else:
        # A counter rides along with the state and stops the loop.
        _, state = jax.lax.while_loop(
            lambda s: jnp.logical_and(s[0] < maximum_iterations, cond(*s[1])),
            lambda s: (s[0] + 1, step(s[1])),
            (jnp.asarray(0, "int32"), state),
        )
    return type(loop_vars)(state) if is_sequence else state[0]


def fori_loop(lower, upper, body_fun, init_val):
    return jax.lax.fori_loop(lower, upper, body_fun, init_val)


def stop_gradient(variable):
    return jax.lax.stop_gradient(_tensor(variable))


def custom_gradient(f):
    def adapted(*args):
        outputs, grad_fn = f(*args)

        def vjp(upstream):
            grads = grad_fn(*tree.flatten(upstream))
            # jax wants one cotangent per argument, as a tuple (a bare one for one arg).
            if len(args) == 1 and not isinstance(grads, (tuple, list)):
                return grads
            return tuple(grads)

        return outputs, vjp

    return functools.wraps(f)(jax.custom_gradient(adapted))


def unstack(x, num=None, axis=0):
    x = _tensor(x)
    axis = axis % x.ndim
    return [
        jax.lax.index_in_dim(x, i, axis, keepdims=False) for i in range(x.shape[axis])
    ]


def _static_sizes(shape, dims, start_indices):
    # -1 takes the rest of the dim; it needs a static start.
    return tuple(
        d - int(s) if n == -1 else int(n) for n, d, s in zip(shape, dims, start_indices)
    )


def slice(inputs, start_indices, shape):
    inputs = _tensor(inputs)
    sizes = _static_sizes(shape, inputs.shape, start_indices)
    return jax.lax.dynamic_slice(inputs, tuple(start_indices), sizes)


def slice_update(inputs, start_indices, updates):
    inputs = _tensor(inputs)
    updates = _tensor(updates).astype(inputs.dtype)
    return jax.lax.dynamic_update_slice(inputs, updates, tuple(start_indices))


def _scatter_index(indices):
    return tuple(jnp.moveaxis(indices, -1, 0))


def scatter(indices, values, shape):
    indices = _index_tensor(indices)
    values = _tensor(values)
    zeros = jnp.zeros(tuple(int(d) for d in shape), values.dtype)
    target = zeros.at[_scatter_index(indices)]
    # Summed bools are their logical or, as on the other backends.
    return target.max(values) if values.dtype == jnp.bool_ else target.add(values)


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = _tensor(inputs)
    indices = _index_tensor(indices)
    updates = _tensor(updates).astype(inputs.dtype)
    target = inputs.at[_scatter_index(indices)]
    if reduction is None:
        return target.set(updates)
    return {
        "add": target.add,
        "mul": target.multiply,
        "max": target.max,
        "min": target.min,
    }[reduction](updates)


def saturate_cast(x, dtype):
    x = _tensor(x)
    bounds = backend_utils.saturation_bounds(x.dtype, dtype)
    if bounds is not None:
        x = jnp.clip(x, *bounds)
    return core.cast(x, dtype)

