"""jax backend: control flow, slices and scatters (see keras/ops/core_ops.py).

Everything maps onto jax.lax, so the ops trace under jax.jit and differentiate (except
reverse-mode through `while_loop`, which JAX does not support).
"""

import collections
import functools
import threading

import jax
from jax.extend import core as jax_core
import jax.numpy as jnp

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import quantize_utils
from keras.backends.common import registry
from keras.backends.common import tree
from keras.backends.jax import core


_tensor = core._tensor


def _index_tensor(x):
    x = _tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.integer):
        raise TypeError(f"Indices must be integers; got dtype {x.dtype}.")
    return x


# Eager scans, compiled once per distinct step computation (see `_eager_scan`).
_EAGER_SCANS = collections.OrderedDict()
_EAGER_SCANS_MAX = 256
_EAGER_SCANS_LOCK = threading.Lock()


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    init = tree.map_structure(_tensor, init)
    if xs is not None:
        xs = jax.tree_util.tree_map(_tensor, xs)
    leaves = jax.tree_util.tree_leaves((init, xs))
    if not any(isinstance(leaf, jax.core.Tracer) for leaf in leaves):
        result = _eager_scan(f, init, xs, length, reverse, unroll)
        if result is not None:
            return result
    return jax.lax.scan(f, init, xs=xs, length=length, reverse=reverse, unroll=unroll)


def _eager_scan(f, init, xs, length, reverse, unroll):
    """Runs an eager scan through a compiled scan shared by every call whose step
    traces to the same jaxpr, or returns None when that is not safe.

    An eager `lax.scan` compiles its step anew on every call whose `f` is a new
    function object (an RNN builds a new closure per call: ~0.4 s a call). Here `f`
    is traced each call (cheap) and its closed-over arrays (weights, dropout masks)
    become arguments of a jitted scan cached by the jaxpr's text and avals, so a
    repeated call skips XLA compilation and never reuses stale constants.
    """
    x_leaves, x_tree = jax.tree_util.tree_flatten(xs)
    if x_leaves and any(jnp.ndim(leaf) == 0 for leaf in x_leaves):
        return None  # lax.scan reports the error.
    x_slice = jax.tree_util.tree_unflatten(
        x_tree,
        [
            jax.ShapeDtypeStruct(
                leaf.shape[1:], leaf.dtype, weak_type=getattr(leaf, "weak_type", False)
            )
            for leaf in x_leaves
        ],
    )
    closed, out_shape = jax.make_jaxpr(f, return_shape=True)(init, x_slice)
    if closed.effects or any(isinstance(c, jax.core.Tracer) for c in closed.consts):
        # Tracers of an outer transformation (eager grad) or effects: plain scan.
        return None
    text = str(closed.jaxpr)
    if "callback" in text:
        # A host callback's identity is not in the text; never share it.
        return None
    key = (
        text,
        tuple(v.aval for v in closed.jaxpr.constvars),
        tuple(v.aval for v in closed.jaxpr.invars),
        tuple(v.aval for v in closed.jaxpr.outvars),
        jax.tree_util.tree_structure(init),
        x_tree,
        jax.tree_util.tree_structure(out_shape),
        length,
        reverse,
        unroll,
    )
    with _EAGER_SCANS_LOCK:
        compiled = _EAGER_SCANS.get(key)
        if compiled is None:
            compiled = _compile_scan(
                closed.jaxpr,
                jax.tree_util.tree_structure(out_shape),
                length,
                reverse,
                unroll,
            )
            _EAGER_SCANS[key] = compiled
            if len(_EAGER_SCANS) > _EAGER_SCANS_MAX:
                _EAGER_SCANS.popitem(last=False)
        else:
            _EAGER_SCANS.move_to_end(key)
    return compiled(list(closed.consts), init, xs)


def _compile_scan(jaxpr, out_tree, length, reverse, unroll):
    """A jitted `lax.scan` of `jaxpr` (the step) with its constants as arguments."""

    def run(consts, init, xs):
        step = jax_core.jaxpr_as_fun(jax_core.ClosedJaxpr(jaxpr, consts))

        def body(carry, x):
            flat = jax.tree_util.tree_leaves(carry) + jax.tree_util.tree_leaves(x)
            return jax.tree_util.tree_unflatten(out_tree, step(*flat))

        return jax.lax.scan(
            body, init, xs=xs, length=length, reverse=reverse, unroll=unroll
        )

    return jax.jit(run)


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


# Arguments through which a jax transformation may differentiate: tracers, and our
# Variables (in a stateless scope their value is the scope's, possibly a tracer).
_MAYBE_TRACED = (jax.core.Tracer, core.Variable)


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

    made = []

    def differentiable(*args):
        # Built on first need (layers decorate a closure on every call).
        if not made:
            made.append(jax.custom_gradient(adapted))
        return made[0](*args)

    @functools.wraps(f)
    def call(*args):
        if not any(isinstance(a, _MAYBE_TRACED) for a in tree.flatten(args)):
            # Concrete arguments: no transformation can ask for their gradient, and
            # eagerly jax would trace `f` again on every call to build the rule
            # (an int8 Dense `model(x)` on one row: most of its time).
            return f(*args)[0]
        return differentiable(*args)

    return call


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


@functools.partial(jax.jit, static_argnames=("axis", "value_range", "dtype", "epsilon"))
def _abs_max_quantize_jit(x, axis, value_range, dtype, epsilon):
    amax = jnp.max(jnp.abs(x), axis=axis, keepdims=True)
    scale = (value_range[1] / (amax + epsilon)).astype(x.dtype)
    quantized = jnp.clip(jnp.round(x * scale), value_range[0], value_range[1])
    return quantized.astype(dtypes.numpy_dtype(dtype)), scale


def _abs_max_quantize(x, axis, value_range, dtype, epsilon):
    """keras.ops.fused.abs_max_quantize as one jitted program: an int8 layer's input
    quantization in one pass and one dispatch instead of eight."""
    if not isinstance(x, (jax.Array, jax.core.Tracer)):
        return NotImplemented
    static = quantize_utils.abs_max_static(
        dtypes.standardize_dtype(x.dtype), axis, value_range, dtype, epsilon
    )
    if static is None:
        return NotImplemented
    axis, value_range, dtype, epsilon = static
    return _abs_max_quantize_jit(
        x, axis=axis, value_range=value_range, dtype=dtype, epsilon=epsilon
    )


registry.for_backend("jax").register(
    __name__,
    "abs_max_quantize",
    _abs_max_quantize,
    dtypes=("float16", "bfloat16", "float32", "float64"),
    note="one jitted program",
)


@functools.partial(jax.jit, static_argnames=("dtype",))
def _int8_dequantize_jit(product, inputs_scale, kernel_scale, dtype):
    dtype = dtypes.numpy_dtype(dtype)
    scale = kernel_scale if inputs_scale is None else inputs_scale * kernel_scale
    return product.astype(dtype) / scale.astype(dtype)


def _int8_dequantize(product, inputs_scale, kernel_scale, dtype):
    """keras.ops.fused.int8_dequantize as one jitted program (no full-size scale)."""
    arrays = (jax.Array, jax.core.Tracer)
    kernel_scale = core.convert_to_tensor(kernel_scale)  # a Variable's value
    if not isinstance(product, arrays) or not (
        inputs_scale is None or isinstance(inputs_scale, arrays)
    ):
        return NotImplemented
    return _int8_dequantize_jit(
        product, inputs_scale, kernel_scale, dtype=dtypes.standardize_dtype(dtype)
    )


registry.for_backend("jax").register(
    __name__, "int8_dequantize", _int8_dequantize, note="one jitted program"
)


@functools.partial(jax.jit, static_argnames=("cols",))
def _int4_dequantize_jit(kernel, scale, zero, g_idx, cols):
    # Arithmetic shifts of int8 sign-extend each nibble.
    low = jnp.right_shift(jnp.left_shift(kernel, 4), 4)
    high = jnp.right_shift(kernel, 4)
    q = jnp.stack([low, high], axis=-1).reshape(kernel.shape[0], -1)[:, :cols]
    q = q.astype(jnp.float32)
    if zero is None:
        return q / scale
    g = g_idx.astype(jnp.int32)
    return (q - jnp.take(zero, g, axis=0).astype(jnp.float32)) * jnp.take(scale, g, axis=0)


def _int4_dequantize(kernel, cols, scale, zero, g_idx):
    """keras.ops.fused.int4_dequantize as one jitted program (one pass: unpack, gather
    and rescale fused)."""
    values = [core.convert_to_tensor(v) if v is not None else None
              for v in (kernel, scale, zero, g_idx)]
    if values[0].dtype != jnp.int8 or values[0].ndim != 2:
        return NotImplemented
    return _int4_dequantize_jit(*values, cols=int(cols))


registry.for_backend("jax").register(
    __name__, "int4_dequantize", _int4_dequantize, note="one jitted program"
)
