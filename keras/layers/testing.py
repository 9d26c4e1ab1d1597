"""The one harness every layer test uses: `run_layer_test`.

It checks, on the active backend: building, an eager call and a symbolic call (same
output shape), the weight and seed generator counts, the config round trip
(`get_config` -> `from_config` gives a layer with the same config and, after
`set_weights`, the same outputs), the `set_weights`/`get_weights` round trip, masking
(the flag, and the shape of the output mask, eager and symbolic), a run under the
`mixed_float16` policy (float32 variables, float16 outputs close to the float32 ones),
and training through `compile`/`fit`: the layer inside a functional model fits two SGD
steps on random targets with finite losses, moving every trainable weight and advancing
every seed generator (a layer with neither has nothing to train and skips this). The
backends in FIT_GAPS do not train, and skip it too.
"""

import inspect

import numpy as np

from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.input_layer import Input
from keras.models import Model
from keras.random.seed_generator import SeedGenerator

# Backend -> why `run_layer_test` does not run its training check there.
FIT_GAPS = {
    "numpy": "NumPy has no automatic differentiation, so fit() raises",
    "openvino": "OpenVINO runs inference only, so fit() raises",
}

# float16 keeps 11 significant bits: outputs under mixed_float16 agree with the float32
# ones to about 1e-3 relative per op; 1e-2 leaves room for a few ops in a row.
_MIXED_RTOL = 1e-2


def _random_inputs(shape, dtype, seed):
    generator = np.random.default_rng(seed)
    if isinstance(shape, list):
        return [_random_inputs(s, dtype, seed + i) for i, s in enumerate(shape)]
    if isinstance(shape, dict):
        return {
            key: _random_inputs(s, dtype, seed + i)
            for i, (key, s) in enumerate(shape.items())
        }
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


def _is_float(dtype):
    return dtypes.is_float_dtype(dtypes.standardize_dtype(dtype))


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
    expected_num_seed_generators=None,
    expected_num_losses=None,
    supports_masking=None,
    input_mask=None,
    expected_mask_shape=None,
    run_training_check=True,
    run_mixed_precision_check=True,
    run_symbolic_check=True,
    training=None,
    rtol=1e-5,
    atol=1e-6,
):
    """Builds `layer_cls(**init_kwargs)`, calls it on `input_data` (or random inputs of
    `input_shape`) and checks everything listed in the module docstring.

    Args:
        layer_cls: the layer class under test.
        init_kwargs: the constructor arguments.
        input_shape: the shape (a list or dict of shapes for several inputs) of random
            inputs of `input_dtype`; or give `input_data` instead.
        call_kwargs: further arguments of every call.
        expected_*: what the outputs, weights, variables, seed generators (over the
            layer and its sub-layers) and losses must be; None skips a check.
        supports_masking: the expected `layer.supports_masking`.
        input_mask: a boolean mask of the inputs (a list for several inputs): passed as
            `mask=` to a `call` that takes one, to `compute_mask`, and as the
            `_keras_mask` of the symbolic inputs.
        expected_mask_shape: the shape of `compute_mask(inputs, input_mask)` and of the
            symbolic output's mask (batch dimension None there); needs
            `supports_masking=True`.
        run_training_check: fit the layer in a model (see the module docstring).
        run_mixed_precision_check: call the layer under the `mixed_float16` policy.
        run_symbolic_check: call the layer on symbolic inputs and check
            `compute_output_shape`.
        training: the `training` argument of the eager calls; `True` makes the outputs
            random, so the checks that compare two calls' values are skipped.

    Returns:
        The built layer and its eager outputs as NumPy, for further checks.
    """
    if expected_mask_shape is not None and supports_masking is not True:
        raise ValueError(
            "run_layer_test: `expected_mask_shape` needs `supports_masking=True`; got "
            f"supports_masking={supports_masking!r}."
        )
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
        if isinstance(input_data, list) and all(
            isinstance(s, tuple) for s in input_shape
        ):
            input_shape = list(input_shape)
        input_dtype = str(tree.flatten(input_data)[0].dtype)
    # Symbolic calls and the fit take the input mask as the inputs' `_keras_mask` (or
    # not at all), eager calls as `mask=` when `call` has that argument.
    graph_kwargs = dict(call_kwargs)
    takes_mask = "mask" in inspect.signature(layer_cls.call).parameters
    if input_mask is not None and takes_mask:
        call_kwargs["mask"] = input_mask

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
        count = len(layer.non_trainable_variables)
        assert count == expected_num_non_trainable_variables, (
            f"{count} non-trainable variables, expected "
            f"{expected_num_non_trainable_variables}"
        )
    if expected_num_seed_generators is not None:
        count = len(_seed_generators(layer))
        assert count == expected_num_seed_generators, (
            f"{count} seed generators, expected {expected_num_seed_generators}"
        )
    if expected_num_losses is not None:
        assert len(layer.losses) == expected_num_losses, (
            f"{len(layer.losses)} losses, expected {expected_num_losses}"
        )
    if supports_masking is not None:
        assert layer.supports_masking == supports_masking
    if expected_mask_shape is not None:
        mask = layer.compute_mask(input_data, input_mask)
        assert mask is not None, f"{layer_cls.__name__}.compute_mask returned None"
        assert _shapes(mask) == _normalize(expected_mask_shape), (
            f"mask shape {_shapes(mask)} != {expected_mask_shape}"
        )

    # set_weights / get_weights round trip.
    weights = layer.get_weights()
    shifted = [
        w + np.asarray(0.5, w.dtype) if w.dtype.kind == "f" else w for w in weights
    ]
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
        if weights:
            clone.set_weights(weights)
            clone_out = clone(input_data, **call_kwargs)
        clone_out = _numpy(clone_out)
        again = _numpy(layer(input_data, **call_kwargs))
        for a, b in zip(tree.flatten(clone_out), tree.flatten(again)):
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)

    if run_symbolic_check:
        _check_symbolic(
            layer_cls, config, input_shape, input_dtype, graph_kwargs, result,
            input_mask, expected_mask_shape,
        )
    if run_mixed_precision_check:
        _check_mixed_precision(
            layer_cls, init_kwargs, input_data, call_kwargs, weights,
            result if deterministic else None,
        )
    if (
        run_training_check
        and active.name not in FIT_GAPS
        and (layer.trainable_weights or _seed_generators(layer))
    ):
        _check_fit(layer_cls, config, input_data, graph_kwargs, result)
    return layer, result


def _check_symbolic(
    layer_cls, config, input_shape, input_dtype, call_kwargs, result, input_mask,
    expected_mask_shape,
):
    """A call on KerasTensors with a None batch dimension matches the eager shapes, as
    does `compute_output_shape`; the output mask has the expected shape."""
    layer = layer_cls.from_config(config)
    inputs = _symbolic(input_shape, input_dtype)
    if input_mask is not None:
        flat_inputs = tree.flatten(inputs)
        flat_masks = tree.flatten(input_mask)
        if len(flat_masks) == 1:
            flat_masks = flat_masks * len(flat_inputs)
        for tensor, mask in zip(flat_inputs, flat_masks):
            tensor._keras_mask = KerasTensor((None,) + np.shape(mask)[1:], dtype="bool")
    spec = layer(inputs, **call_kwargs)
    for got, want in zip(tree.flatten(spec), tree.flatten(result)):
        assert isinstance(got, KerasTensor), f"symbolic call returned {type(got)}"
        assert tuple(got.shape[1:]) == tuple(want.shape[1:]), (
            f"symbolic shape {got.shape} does not match eager shape {want.shape}"
        )
        assert got.shape[0] in (None, want.shape[0])
    batchless = tree.map_structure(
        lambda t: (None,) + tuple(t.shape[1:]), _as_spec(input_shape)
    )
    computed = layer.compute_output_shape(batchless)
    for got, want in zip(tree.flatten(_leaves_shapes(computed)), tree.flatten(spec)):
        assert tuple(got) == tuple(want.shape)
    if expected_mask_shape is not None:
        masks = [getattr(t, "_keras_mask", None) for t in tree.flatten(spec)]
        assert all(m is not None for m in masks), "the symbolic outputs carry no mask"
        expected = [(None,) + s[1:] for s in _shape_list(expected_mask_shape)]
        if len(expected) == 1:
            expected = expected * len(masks)
        got = [tuple(m.shape) for m in masks]
        assert got == expected, f"symbolic mask shapes {got} != {expected}"


def _check_mixed_precision(
    layer_cls, init_kwargs, input_data, call_kwargs, weights, reference
):
    """Under `mixed_float16` the float variables stay float32 and the float outputs are
    float16; with the same weights they agree with the float32 outputs `reference`
    (None when the outputs are random)."""
    layer = layer_cls(**{**init_kwargs, "dtype": "mixed_float16"})
    outputs = layer(input_data, **call_kwargs)
    for variable in layer.weights:
        if _is_float(variable.dtype):
            assert dtypes.standardize_dtype(variable.dtype) == "float32", (
                f"variable {variable.path} is {variable.dtype} under mixed_float16"
            )
    for output in tree.flatten(outputs):
        if _is_float(output.dtype):
            assert dtypes.standardize_dtype(output.dtype) == "float16", (
                f"an output is {output.dtype} under mixed_float16, expected float16"
            )
    if reference is None:
        return
    if weights:
        layer.set_weights(weights)
        outputs = layer(input_data, **call_kwargs)
    outputs = _numpy(outputs)
    for got, want in zip(tree.flatten(outputs), tree.flatten(reference)):
        if got.dtype.kind != "f":
            np.testing.assert_array_equal(got, want)
            continue
        scale = max(1.0, float(np.max(np.abs(want), initial=0.0)))
        np.testing.assert_allclose(
            got.astype("float32"), want, rtol=_MIXED_RTOL, atol=_MIXED_RTOL * scale
        )


def _check_fit(layer_cls, config, input_data, call_kwargs, result):
    """The layer in a functional model fits two full-batch SGD steps on random targets
    through `compile`/`fit`: the losses are finite, every trainable weight moves and
    every seed generator advances (its state lives through the compiled step)."""
    if not all(out.dtype.kind == "f" for out in tree.flatten(result)):
        return  # a regression loss needs float outputs
    layer = layer_cls.from_config(config)
    inputs = _inputs_like(input_data)
    kwargs = {k: v for k, v in call_kwargs.items() if k != "training"}
    model = Model(inputs, layer(inputs, **kwargs))
    generator = np.random.default_rng(1)
    targets = tree.map_structure(
        lambda out: generator.standard_normal(out.shape).astype("float32"), result
    )
    model.compile(optimizer="sgd", loss="mse")
    before = [np.array(w.numpy()) for w in layer.trainable_weights]
    seeds = _seed_generators(layer)
    seeds_before = [np.array(g.state.numpy()) for g in seeds]
    batch_size = len(tree.flatten(input_data)[0])
    history = model.fit(
        input_data, targets, batch_size=batch_size, epochs=2, shuffle=False, verbose=0
    )
    losses = history.history["loss"]
    assert len(losses) == 2 and np.all(np.isfinite(losses)), f"fit losses {losses}"
    for weight, old in zip(layer.trainable_weights, before):
        assert not np.array_equal(np.asarray(weight.numpy()), old), (
            f"fit did not change the trainable weight {weight.path}"
        )
    for seed, old in zip(seeds, seeds_before):
        assert not np.array_equal(np.asarray(seed.state.numpy()), old), (
            f"fit did not advance the seed generator {seed.name}"
        )


def _inputs_like(input_data):
    """keras.Input placeholders of the data's shapes (batch excluded) and dtypes."""
    if isinstance(input_data, dict):
        return {
            k: Input(shape=np.shape(v)[1:], dtype=str(v.dtype), name=k)
            for k, v in input_data.items()
        }
    if isinstance(input_data, (list, tuple)):
        return [Input(shape=np.shape(v)[1:], dtype=str(v.dtype)) for v in input_data]
    return Input(shape=np.shape(input_data)[1:], dtype=str(input_data.dtype))


def _seed_generators(layer):
    """The SeedGenerators of `layer` and its sub-layers, each once."""
    found = {}
    for sublayer in layer._flatten_layers():
        for generator in sublayer._children(SeedGenerator):
            found.setdefault(id(generator), generator)
    return list(found.values())


def _as_spec(input_shape):
    if isinstance(input_shape, list):
        return [KerasTensor(s) for s in input_shape]
    if isinstance(input_shape, dict):
        return {k: KerasTensor(s) for k, s in input_shape.items()}
    return KerasTensor(input_shape)


def _leaves_shapes(shapes):
    """Wraps shape tuples so tree.flatten keeps each one whole."""
    if isinstance(shapes, tuple) and all(
        d is None or isinstance(d, int) for d in shapes
    ):
        return [_Shape(shapes)]
    if isinstance(shapes, dict):
        return [_Shape(shapes[k]) for k in sorted(shapes)]
    return [_Shape(s) for s in shapes]


class _Shape(tuple):
    pass


def _shape_list(shape):
    """One shape, or a list or dict of them, as a list of tuples."""
    if isinstance(shape, dict):
        return [tuple(shape[k]) for k in sorted(shape)]
    if isinstance(shape, list):
        return [tuple(s) for s in shape]
    return [tuple(shape)]


def _normalize(shape):
    if isinstance(shape, list):
        return [tuple(s) for s in shape]
    if isinstance(shape, dict):
        return {k: tuple(s) for k, s in shape.items()}
    return tuple(shape)
