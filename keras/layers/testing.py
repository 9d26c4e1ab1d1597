"""The one harness every layer test uses: `run_layer_test`.

It checks, on the active backend: building, an eager call and a symbolic call (same
output shape), the weight counts, the config round trip (`get_config` -> `from_config`
gives a layer with the same config and, after `set_weights`, the same outputs), the
`set_weights`/`get_weights` round trip, masking support, and, on jax, torch and
tensorflow, that one gradient step on the trainable weights lowers the loss
sum(outputs ** 2).
"""

import numpy as np

from keras.backends import active
from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor


def _random_inputs(shape, dtype, seed):
    generator = np.random.default_rng(seed)
    if isinstance(shape, list):
        return [_random_inputs(s, dtype, seed + i) for i, s in enumerate(shape)]
    if isinstance(shape, dict):
        return {k: _random_inputs(s, dtype, seed + i) for i, (k, s) in enumerate(shape.items())}
    if dtype.startswith("int"):
        return generator.integers(0, 5, size=shape).astype(dtype)
    return generator.standard_normal(shape).astype(dtype)


def _symbolic(shape, dtype):
    if isinstance(shape, list):
        return [_symbolic(s, dtype) for s in shape]
    if isinstance(shape, dict):
        return {k: _symbolic(s, dtype) for k, s in shape.items()}
    return KerasTensor((None,) + tuple(shape[1:]), dtype=dtype)


def _shapes(outputs):
    return tree.map_structure(lambda t: tuple(t.shape), outputs)


def _numpy(outputs):
    return tree.map_structure(lambda t: np.asarray(active.convert_to_numpy(t)), outputs)


def run_layer_test(
    layer_cls,
    init_kwargs=None,
    input_shape=None,
    input_dtype="float32",
    input_data=None,
    call_kwargs=None,
    expected_output_shape=None,
    expected_output=None,
    expected_output_dtype=None,
    expected_num_trainable_weights=0,
    expected_num_non_trainable_weights=0,
    expected_num_non_trainable_variables=None,
    expected_num_losses=None,
    supports_masking=None,
    run_training_check=True,
    run_symbolic_check=True,
    training=None,
    rtol=1e-5,
    atol=1e-6,
):
    """Builds `layer_cls(**init_kwargs)`, calls it on `input_data` (or random inputs of
    `input_shape`) and checks everything listed in the module docstring.

    Returns the built layer and its eager outputs as NumPy, for further checks.
    """
    init_kwargs = dict(init_kwargs or {})
    call_kwargs = dict(call_kwargs or {})
    if training is not None:
        call_kwargs["training"] = training
    if input_data is None:
        if input_shape is None:
            raise ValueError("run_layer_test needs `input_shape` or `input_data`.")
        input_data = _random_inputs(input_shape, input_dtype, seed=0)
    else:
        input_shape = tree.map_structure(lambda a: tuple(np.shape(a)), input_data)
        if isinstance(input_data, list) and all(isinstance(s, tuple) for s in input_shape):
            input_shape = list(input_shape)
        input_dtype = str(tree.flatten(input_data)[0].dtype)

    layer = layer_cls(**init_kwargs)
    outputs = layer(input_data, **call_kwargs)
    assert layer.built, f"{layer_cls.__name__} is not built after its first call"
    result = _numpy(outputs)

    if expected_output_shape is not None:
        assert _shapes(result) == _normalize(expected_output_shape), (
            f"output shape {_shapes(result)} != {expected_output_shape}"
        )
    if expected_output is not None:
        for got, want in zip(tree.flatten(result), tree.flatten(expected_output)):
            np.testing.assert_allclose(got, np.asarray(want), rtol=rtol, atol=atol)
    if expected_output_dtype is not None:
        for got in tree.flatten(outputs):
            from keras.backends.common import dtypes

            assert dtypes.standardize_dtype(got.dtype) == expected_output_dtype

    assert len(layer.trainable_weights) == expected_num_trainable_weights, (
        f"{len(layer.trainable_weights)} trainable weights, expected "
        f"{expected_num_trainable_weights}"
    )
    assert len(layer.non_trainable_weights) == expected_num_non_trainable_weights, (
        f"{len(layer.non_trainable_weights)} non-trainable weights, expected "
        f"{expected_num_non_trainable_weights}"
    )
    if expected_num_non_trainable_variables is not None:
        assert len(layer.non_trainable_variables) == expected_num_non_trainable_variables
    if expected_num_losses is not None:
        assert len(layer.losses) == expected_num_losses, (
            f"{len(layer.losses)} losses, expected {expected_num_losses}"
        )
    if supports_masking is not None:
        assert layer.supports_masking == supports_masking

    # set_weights / get_weights round trip.
    weights = layer.get_weights()
    shifted = [w + np.asarray(0.5, w.dtype) if w.dtype.kind == "f" else w for w in weights]
    layer.set_weights(shifted)
    for got, want in zip(layer.get_weights(), shifted):
        np.testing.assert_array_equal(got, want)
    layer.set_weights(weights)

    # Config round trip: same config, and with the same weights the same outputs.
    config = layer.get_config()
    clone = layer_cls.from_config(config)
    assert clone.get_config() == config, "from_config(get_config()) changed the config"
    deterministic = not training
    if deterministic:
        clone_out = clone(input_data, **call_kwargs)
        clone.set_weights(weights)
        clone_out = _numpy(clone(input_data, **call_kwargs))
        again = _numpy(layer(input_data, **call_kwargs))
        for a, b in zip(tree.flatten(clone_out), tree.flatten(again)):
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)

    # Symbolic call with a None batch dim.
    if run_symbolic_check:
        symbolic_layer = layer_cls.from_config(config)
        spec = symbolic_layer(_symbolic(input_shape, input_dtype), **call_kwargs)
        for got, want in zip(tree.flatten(spec), tree.flatten(result)):
            assert isinstance(got, KerasTensor), f"symbolic call returned {type(got)}"
            assert tuple(got.shape[1:]) == tuple(want.shape[1:]), (
                f"symbolic shape {got.shape} does not match eager shape {want.shape}"
            )
            assert got.shape[0] in (None, want.shape[0])
        computed = symbolic_layer.compute_output_shape(
            tree.map_structure(lambda t: (None,) + tuple(t.shape[1:]), _as_spec(input_shape))
        )
        for got, want in zip(tree.flatten(_leaves_shapes(computed)), tree.flatten(spec)):
            assert tuple(got) == tuple(want.shape)

    if run_training_check and layer.trainable_weights and active.name in (
        "jax",
        "torch",
        "tensorflow",
    ):
        _check_gradient_step(layer, input_data, call_kwargs)
    return layer, result


def _as_spec(input_shape):
    if isinstance(input_shape, list):
        return [KerasTensor(s) for s in input_shape]
    if isinstance(input_shape, dict):
        return {k: KerasTensor(s) for k, s in input_shape.items()}
    return KerasTensor(input_shape)


def _leaves_shapes(shapes):
    """Wraps shape tuples so tree.flatten keeps each one whole."""
    if isinstance(shapes, tuple) and all(d is None or isinstance(d, int) for d in shapes):
        return [_Shape(shapes)]
    if isinstance(shapes, dict):
        return [_Shape(shapes[k]) for k in sorted(shapes)]
    return [_Shape(s) for s in shapes]


class _Shape(tuple):
    pass


def _normalize(shape):
    if isinstance(shape, list):
        return [tuple(s) for s in shape]
    if isinstance(shape, dict):
        return {k: tuple(s) for k, s in shape.items()}
    return tuple(shape)


def loss_and_grads(layer, input_data, call_kwargs=None):
    """sum(outputs ** 2) and its gradients w.r.t. `layer.trainable_variables`, computed
    with the active backend's autodiff. Returns (loss, [grad as NumPy])."""
    from keras import ops

    call_kwargs = call_kwargs or {}
    trainable = layer.trainable_variables
    non_trainable = [v.value for v in layer.non_trainable_variables]

    def loss_fn(values):
        outputs, _ = layer.stateless_call(values, non_trainable, input_data, **call_kwargs)
        return sum(ops.sum(ops.square(ops.cast(o, "float32"))) for o in tree.flatten(outputs))

    name = active.name
    if name == "jax":
        import jax

        values = [v.value for v in trainable]
        loss, grads = jax.value_and_grad(loss_fn)(values)
        return float(loss), [np.asarray(g) for g in grads]
    if name == "torch":
        import torch

        values = [v.value.detach().clone().requires_grad_(True) for v in trainable]
        loss = loss_fn(values)
        grads = torch.autograd.grad(loss, values)
        return float(loss.detach()), [g.numpy() for g in grads]
    if name == "tensorflow":
        import tensorflow as tf

        values = [tf.Variable(v.value) for v in trainable]
        with tf.GradientTape() as tape:
            loss = loss_fn([v.value() for v in values])
        grads = tape.gradient(loss, values)
        return float(loss), [tf.convert_to_tensor(g).numpy() for g in grads]
    raise NotImplementedError(f"the {name} backend has no gradients")


def _check_gradient_step(layer, input_data, call_kwargs):
    loss, grads = loss_and_grads(layer, input_data, call_kwargs)
    assert all(np.all(np.isfinite(g)) for g in grads), "non-finite gradients"
    norm = float(np.sqrt(sum(np.sum(np.square(g, dtype="float64")) for g in grads)))
    if norm == 0.0:
        return
    step = 1e-3 / max(norm, 1.0)
    for variable, grad in zip(layer.trainable_variables, grads):
        variable.assign(np.asarray(variable.numpy()) - step * grad)
    after, _ = loss_and_grads(layer, input_data, call_kwargs)
    assert after < loss, f"one gradient step did not lower the loss ({loss} -> {after})"
