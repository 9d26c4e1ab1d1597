"""tensorflow backend: control flow, slices and scatters (see keras/ops/core_ops.py).

Eagerly, loops run in Python (as tf.while_loop itself does when executing eagerly);
inside tf.function they build tf.while_loop / tf.cond / tf.switch_case graphs.
"""

import functools
import weakref

import numpy as np
import tensorflow as tf

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import quantize_utils
from keras.backends.common import registry
from keras.backends.common import tree
from keras.backends.tensorflow import core


_tensor = core._tensor


def _index_tensor(x):
    x = _tensor(x)
    if not x.dtype.is_integer:
        raise TypeError(f"Indices must be integers; got dtype {x.dtype.name}.")
    return tf.cast(x, "int64") if x.dtype != tf.int32 else x


def _length(x):
    """The leading dim of `x`: an int when static, else a scalar tensor."""
    return x.shape[0] if x.shape[0] is not None else tf.shape(x)[0]


def _slices_of(xs):
    """(length, leaves, function i -> the i-th slice of every leaf of `xs`)."""
    leaves = [_tensor(x) for x in tree.flatten(xs)]
    if any(x.shape.rank == 0 for x in leaves):
        raise ValueError("The leaves of `xs` need a leading dimension to scan over.")
    static = {x.shape[0] for x in leaves} - {None}
    if len(static) > 1:
        shapes = [x.shape.as_list() for x in leaves]
        raise ValueError(
            f"All leaves of `xs` must share one leading dimension; got shapes {shapes}."
        )
    n = static.pop() if static else _length(leaves[0])
    return n, lambda i: tree.pack_sequence_as(xs, [x[i] for x in leaves])


def _empty_like(y):
    if y is None:
        return None
    y = _tensor(y)
    return tf.zeros((0,) + tuple(y.shape), y.dtype)


def _stack_leaves(outputs):
    flat = [tree.flatten(y) for y in outputs]
    stacked = [
        None if leaves[0] is None else tf.stack([_tensor(leaf) for leaf in leaves])
        for leaves in zip(*flat)
    ]
    return tree.pack_sequence_as(outputs[0], stacked)


def _eager_scan(f, carry, n, item, reverse):
    ys = []
    for i in reversed(range(n)) if reverse else range(n):
        carry, y = f(carry, item(i))
        ys.append(y)
    if n == 0:
        return None
    if reverse:
        ys.reverse()
    return tree.map_structure(_tensor, carry), _stack_leaves(ys)


def _spec(x):
    return None if x is None else tf.TensorSpec(x.shape, x.dtype)


def _graph_scan(f, carry, xs, n, item, reverse):
    # Trace `f` once (never run) to learn the structure, dtypes and shapes of its `y`.
    x_spec = None if xs is None else tree.map_structure(
        lambda x: tf.TensorSpec(_tensor(x).shape[1:], _tensor(x).dtype), xs
    )
    traced = tf.function(f, autograph=False).get_concrete_function(
        tree.map_structure(_spec, carry), x_spec
    )
    y_spec = traced.structured_outputs[1]
    y_leaves = tree.flatten(y_spec)
    arrays = [
        tf.TensorArray(y.dtype, size=n, element_shape=y.shape)
        for y in y_leaves
        if y is not None
    ]

    def body(i, carry, arrays):
        index = n - 1 - i if reverse else i
        carry, y = f(carry, item(index))
        values = [v for v in tree.flatten(y) if v is not None]
        return i + 1, carry, [a.write(index, v) for a, v in zip(arrays, values)]

    _, carry, arrays = tf.while_loop(lambda i, *_: i < n, body, (0, carry, arrays))
    stacked = iter(a.stack() for a in arrays)
    ys = [None if y is None else next(stacked) for y in y_leaves]
    return carry, tree.pack_sequence_as(y_spec, ys)


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    carry = tree.map_structure(_tensor, init)
    if xs is None:
        n, item = length, lambda i: None
    else:
        n, item = _slices_of(xs)
    if tf.executing_eagerly():
        n = int(n)
        result = _eager_scan(f, carry, n, item, reverse)
        if result is not None:
            return result
        # No step ran: one call on zeros gives the structure of `ys`.
        zeros = None if xs is None else tree.map_structure(
            lambda x: tf.zeros(_tensor(x).shape[1:], _tensor(x).dtype), xs
        )
        _, y = f(carry, zeros)
        return carry, tree.map_structure(_empty_like, y)
    return _graph_scan(f, carry, xs, n, item, reverse)


def map(f, xs):
    _, ys = scan(lambda carry, x: (carry, f(x)), (), xs)
    return ys


def vectorized_map(function, elements):
    return tf.vectorized_map(function, tree.map_structure(_tensor, elements))


def _flip(x, axis):
    return tf.reverse(x, [axis])


def _interleave(even, odd, axis):
    # even[0], odd[0], even[1], odd[1], ... along `axis` (even may be one longer).
    n_odd = odd.shape[axis]
    pairs = tf.stack([backend_utils.axis_slice(even, axis, 0, n_odd), odd], axis + 1)
    dims = tf.shape(pairs)
    merged_dims = tf.concat([dims[:axis], [2 * n_odd], dims[axis + 2 :]], 0)
    merged = tf.reshape(pairs, merged_dims)
    return tf.concat([merged, backend_utils.axis_slice(even, axis, n_odd)], axis)


def associative_scan(f, elems, reverse=False, axis=0):
    first = _tensor(tree.flatten(elems)[0])
    if first.shape[axis % first.shape.rank] is None:
        raise ValueError("associative_scan needs a static length along `axis`.")
    return backend_utils.associative_scan(
        f, elems, reverse, axis, _tensor, _flip, tf.concat, _interleave
    )


def cond(pred, true_fn, false_fn):
    if isinstance(pred, (bool, np.bool_)):
        return true_fn() if pred else false_fn()
    return tf.cond(pred, true_fn, false_fn)


def switch(index, branches, *operands):
    # As jax.lax.switch: an index out of range selects the nearest branch.
    index = tf.clip_by_value(tf.cast(index, "int32"), 0, len(branches) - 1)
    return tf.switch_case(index, [functools.partial(b, *operands) for b in branches])


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_sequence = isinstance(loop_vars, (tuple, list))
    state = tuple(loop_vars) if is_sequence else (loop_vars,)

    def step(*state):
        outputs = body(*state)
        return tuple(outputs) if is_sequence else (outputs,)

    state = tf.while_loop(cond, step, state, maximum_iterations=maximum_iterations)
    state = tuple(tree.map_structure(_tensor, tuple(state)))
    return type(loop_vars)(state) if is_sequence else state[0]


def fori_loop(lower, upper, body_fun, init_val):
    if tf.executing_eagerly():
        value = init_val
        for i in range(int(lower), int(upper)):
            value = body_fun(i, value)
        return tree.map_structure(_tensor, value)
    _, value = tf.while_loop(
        lambda i, _: i < upper,
        lambda i, value: (i + 1, body_fun(i, value)),
        (tf.cast(lower, "int32"), init_val),
    )
    return value


def stop_gradient(variable):
    return tf.stop_gradient(_tensor(variable))


try:  # TensorFlow's own test of "can anything record a gradient here" (not public)
    from tensorflow.python.eager import record as _record

    _could_record = _record.could_possibly_record
    _gradient_types = _record.possible_gradient_types
except (ImportError, AttributeError):  # pragma: no cover - other TensorFlow layouts
    _could_record = _gradient_types = None


def custom_gradient(f):
    made = []

    def differentiable(*args, **kwargs):
        # Built on first need: decorating costs about 0.2 ms, and layers decorate a
        # closure on every call.
        if not made:
            made.append(tf.custom_gradient(f))
        return made[0](*args, **kwargs)

    @functools.wraps(f)
    def call(*args, **kwargs):
        if (
            _could_record is not None
            and tf.executing_eagerly()
            and not _could_record()
            and _gradient_types(
                [a for a in tree.flatten((args, kwargs)) if tf.is_tensor(a)]
            )
            == 0
        ):
            # Eagerly with no gradient tape or forward accumulator: nothing can ask for
            # this gradient, and the wrapper costs about 0.2 ms a call.
            return f(*args, **kwargs)[0]
        return differentiable(*args, **kwargs)

    return call


def unstack(x, num=None, axis=0):
    return tf.unstack(_tensor(x), num=num, axis=axis)


def _begin(inputs, start_indices, sizes):
    """int32 start indices, clamped (as jax.lax.dynamic_slice) so the window fits."""
    if tf.is_tensor(start_indices):
        begin = tf.cast(start_indices, "int32")
    else:
        begin = tf.stack([tf.cast(s, "int32") for s in start_indices])
    fit = tf.maximum(tf.cast(sizes, "int32"), 0)
    return tf.clip_by_value(begin, 0, tf.maximum(tf.shape(inputs) - fit, 0))


def slice(inputs, start_indices, shape):
    inputs = _tensor(inputs)
    sizes = []
    for n, d, s in zip(shape, inputs.shape, start_indices):
        # -1 takes the rest of the dim: a static size where the start is static.
        static = n == -1 and d is not None and not tf.is_tensor(s)
        sizes.append(d - int(s) if static else int(n))
    return tf.slice(inputs, _begin(inputs, start_indices, sizes), sizes)


def slice_update(inputs, start_indices, updates):
    inputs = _tensor(inputs)
    updates = tf.cast(_tensor(updates), inputs.dtype)
    if inputs.shape.rank == 0:
        return updates
    sizes = tf.shape(updates)
    begin = _begin(inputs, start_indices, sizes)
    # The position of every element of `updates` in `inputs`: (*updates.shape, rank).
    ranges = [tf.range(begin[i], begin[i] + sizes[i]) for i in range(inputs.shape.rank)]
    positions = tf.stack(tf.meshgrid(*ranges, indexing="ij"), axis=-1)
    return tf.tensor_scatter_nd_update(inputs, positions, updates)


def scatter(indices, values, shape):
    indices = _index_tensor(indices)
    values = _tensor(values)
    shape = tf.constant([int(d) for d in shape], dtype=indices.dtype)
    return tf.scatter_nd(indices, values, shape)


def _scatter_multiply(inputs, indices, updates):
    # No tensor_scatter_nd_mul: multiply every row by the product of its updates.
    depth = indices.shape[-1]
    dims = tf.shape(inputs, out_type="int64")
    rows = tf.reduce_prod(dims[:depth])
    strides = tf.math.cumprod(dims[:depth], exclusive=True, reverse=True)
    indices = tf.reshape(tf.cast(indices, "int64"), (-1, depth))
    positions = tf.reduce_sum(indices * strides, -1)
    row_shape = tf.concat([tf.shape(positions, out_type="int64"), dims[depth:]], 0)
    updates = tf.reshape(updates, row_shape)
    factors = tf.math.unsorted_segment_prod(updates, positions, rows)
    flat = tf.reshape(inputs, tf.concat([[rows], dims[depth:]], 0))
    return tf.reshape(flat * factors, dims)


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = _tensor(inputs)
    indices = _index_tensor(indices)
    updates = tf.cast(_tensor(updates), inputs.dtype)
    if reduction == "mul":
        return _scatter_multiply(inputs, indices, updates)
    scatter_fn = {
        None: tf.tensor_scatter_nd_update,
        "add": tf.tensor_scatter_nd_add,
        "max": tf.tensor_scatter_nd_max,
        "min": tf.tensor_scatter_nd_min,
    }[reduction]
    return scatter_fn(inputs, indices, updates)


def saturate_cast(x, dtype):
    x = _tensor(x)
    bounds = backend_utils.saturation_bounds(x.dtype, dtype, python_scalars=True)
    if bounds is not None:
        # Integer clipping in int64: TF lacks min/max kernels for some unsigned dtypes.
        x = tf.cast(x, "int64") if x.dtype.is_integer else x
        low, high = (tf.cast(bound, x.dtype) for bound in bounds)
        x = tf.clip_by_value(x, low, high)
    return core.cast(x, dtype)



# keras.ops.fused compositions as fused TF kernels (see keras.backends.common.registry).
_ADAM_DTYPES = frozenset((tf.float16, tf.float32, tf.float64))


def _adam_update(variables, grads, momentums, velocities, *hyperparameters):
    """keras.ops.fused.adam_update for float Variables whose gradients are dense
    tensors of their dtype: TF's own in-place `ResourceApplyAdam` kernel, one per
    variable (its update is the composition's)."""
    learning_rate, iterations, beta_1, beta_2, epsilon = hyperparameters
    for group in (variables, momentums, velocities):
        if not all(isinstance(v, core.Variable) for v in group):
            return NotImplemented
    if not all(type(c) in (int, float) for c in (beta_1, beta_2, epsilon)):
        return NotImplemented
    for variable, gradient in zip(variables, grads):
        dtype = variable._value.dtype
        if dtype not in _ADAM_DTYPES or not tf.is_tensor(gradient):
            return NotImplemented
        if gradient.dtype != dtype or isinstance(gradient, tf.IndexedSlices):
            return NotImplemented
    factors = {}
    for variable, gradient, m, v in zip(variables, grads, momentums, velocities):
        dtype = variable._value.dtype
        if dtype not in factors:
            t = tf.cast(iterations.value + 1, dtype)
            decay_1, decay_2 = tf.constant(beta_1, dtype), tf.constant(beta_2, dtype)
            factors[dtype] = (
                tf.pow(decay_1, t),
                tf.pow(decay_2, t),
                tf.cast(learning_rate, dtype),
                decay_1,
                decay_2,
                tf.constant(epsilon, dtype),
            )
        power_1, power_2, lr, decay_1, decay_2, eps = factors[dtype]
        tf.raw_ops.ResourceApplyAdam(
            var=variable._value.handle,
            m=m._value.handle,
            v=v._value.handle,
            beta1_power=power_1,
            beta2_power=power_2,
            lr=lr,
            beta1=decay_1,
            beta2=decay_2,
            epsilon=eps,
            grad=gradient,
        )
    return None


_FAST = registry.for_backend("tensorflow")
_FAST.register(
    __name__,
    "adam_update",
    _adam_update,
    devices=("cpu", "gpu"),
    note="Adam as ResourceApplyAdam, one fused kernel per variable",
)


_QUANTIZERS = {}


def _abs_max_quantizer(axis, value_range, dtype, epsilon):
    key = (axis, value_range, dtype, epsilon)
    function = _QUANTIZERS.get(key)
    if function is None:

        @tf.function(jit_compile=True, reduce_retracing=True)
        def function(x):
            amax = tf.reduce_max(tf.abs(x), axis=axis, keepdims=True)
            scale = tf.cast(value_range[1], x.dtype) / (amax + tf.cast(epsilon, x.dtype))
            quantized = tf.clip_by_value(
                tf.round(x * scale),
                tf.cast(value_range[0], x.dtype),
                tf.cast(value_range[1], x.dtype),
            )
            return tf.cast(quantized, dtypes.numpy_dtype(dtype)), scale

        function = _QUANTIZERS[key] = function
    return function


def _abs_max_quantize(x, axis, value_range, dtype, epsilon):
    """keras.ops.fused.abs_max_quantize as one XLA-compiled function, eagerly: an int8
    layer's input quantization in one pass over the input instead of eight eager ops
    (inside a tf.function the graph's own optimizer sees the composition)."""
    if not tf.executing_eagerly() or not isinstance(x, tf.Tensor):
        return NotImplemented
    static = quantize_utils.abs_max_static(
        dtypes.standardize_dtype(x.dtype), axis, value_range, dtype, epsilon
    )
    if static is None or "GPU" in (x.device or ""):
        return NotImplemented
    return _abs_max_quantizer(*static)(x)


_FAST.register(
    __name__,
    "abs_max_quantize",
    _abs_max_quantize,
    dtypes=("float16", "bfloat16", "float32", "float64"),
    note="one XLA-compiled function (eager calls)",
)


_DEQUANTIZERS = {}


def _int8_dequantize(product, inputs_scale, kernel_scale, dtype):
    """keras.ops.fused.int8_dequantize as one XLA-compiled function, eagerly (one pass
    over the product, no full-size scale, instead of three eager ops)."""
    if not tf.executing_eagerly() or not isinstance(product, tf.Tensor):
        return NotImplemented
    if "GPU" in (product.device or ""):
        return NotImplemented
    if product.shape.num_elements() is None or product.shape.num_elements() < 65536:
        # Below ~64K elements two eager ops cost less than one compiled call (1x4096:
        # 0.08 against 0.23 ms, 2026-12-07, one thread).
        return NotImplemented
    kernel_scale = core.convert_to_tensor(kernel_scale)  # a Variable's value
    dtype = dtypes.standardize_dtype(dtype)
    # The scales' product in their promoted dtype, as `multiply` computes it.
    scales = None if inputs_scale is None else dtypes.promoted_dtype(inputs_scale, kernel_scale)
    key = (dtype, scales)
    function = _DEQUANTIZERS.get(key)
    if function is None:
        target = dtypes.numpy_dtype(dtype)

        @tf.function(jit_compile=True, reduce_retracing=True)
        def function(product, inputs_scale, kernel_scale):
            scale = kernel_scale
            if inputs_scale is not None:
                wide = dtypes.numpy_dtype(scales)
                scale = tf.cast(inputs_scale, wide) * tf.cast(kernel_scale, wide)
            return tf.cast(product, target) / tf.cast(scale, target)

        _DEQUANTIZERS[key] = function
    return function(product, inputs_scale, kernel_scale)


_FAST.register(
    __name__,
    "int8_dequantize",
    _int8_dequantize,
    note="one XLA-compiled function (eager calls)",
)


# owner -> {name: tf.function}: `compiled_call`'s programs, dropped with their owner
# (a program holds the owner weakly, so the owner can be collected).
_COMPILED = weakref.WeakKeyDictionary()


def _compiled_call(owner, name, function, x):
    """keras.ops.fused.compiled_call as one XLA-compiled tf.function per (owner, name),
    for eager CPU tensors and a `function` that is a method of `owner`: an eager call
    of a compiled function costs about 0.3 ms, so a composition of several ops over
    large tensors gains (the int8 EinsumDense pair of bench/quantization_latency.py,
    `model(x)` on 8x128x512: 11.9 -> 5.4 ms, one thread, 2026-12-07)."""
    if not tf.executing_eagerly() or not isinstance(x, tf.Tensor):
        return NotImplemented
    if "GPU" in (x.device or ""):
        return NotImplemented
    if getattr(function, "__self__", None) is not owner:
        return NotImplemented
    try:
        programs = _COMPILED.setdefault(owner, {})
    except TypeError:  # an owner that cannot be weakly referenced
        return NotImplemented
    program = programs.get(name)
    if program is None:
        method, reference = function.__func__, weakref.ref(owner)

        def call(inputs):
            return method(reference(), inputs)

        program = programs[name] = tf.function(call, jit_compile=True, reduce_retracing=True)
    return program(x)


_FAST.register(
    __name__,
    "compiled_call",
    _compiled_call,
    note="one XLA-compiled tf.function per owner (eager calls)",
)


_INT4_DEQUANTIZERS = {}


def _int4_dequantizer(cols, grouped):
    function = _INT4_DEQUANTIZERS.get((cols, grouped))
    if function is None:

        @tf.function(jit_compile=True, reduce_retracing=True)
        def function(kernel, scale, zero, g_idx):
            low = tf.bitwise.right_shift(tf.bitwise.left_shift(kernel, 4), 4)
            high = tf.bitwise.right_shift(kernel, 4)
            q = tf.reshape(tf.stack([low, high], axis=-1), (tf.shape(kernel)[0], -1))
            q = tf.cast(q[:, :cols], tf.float32)
            if not grouped:
                return q / scale
            g = tf.cast(g_idx, tf.int32)
            zero = tf.cast(tf.gather(zero, g, axis=0), tf.float32)
            return (q - zero) * tf.gather(scale, g, axis=0)

        function = _INT4_DEQUANTIZERS[(cols, grouped)] = function
    return function


def _int4_dequantize(kernel, cols, scale, zero, g_idx):
    """keras.ops.fused.int4_dequantize as one XLA-compiled function (one pass instead
    of about fifteen ops over the whole weight), eagerly and inside a `tf.function`
    (`predict` without `jit_compile`: there the graph ran those ops one by one, 537
    against 97 ms for a 25M-weight MLP)."""
    kernel = core.convert_to_tensor(kernel)
    if kernel.dtype != tf.int8 or kernel.shape.rank != 2 or "GPU" in (kernel.device or ""):
        return NotImplemented
    grouped = zero is not None
    args = [core.convert_to_tensor(v) for v in (scale, zero, g_idx)] if grouped else [
        core.convert_to_tensor(scale), tf.zeros((0,)), tf.zeros((0,))]
    return _int4_dequantizer(int(cols), grouped)(kernel, *args)


_FAST.register(
    __name__,
    "int4_dequantize",
    _int4_dequantize,
    note="one XLA-compiled function (eager calls)",
)
