"""TorchModuleWrapper: parameters as Keras variables, training with fit, saving and
loading (.keras and .weights.h5), config, shapes and argument errors."""

import h5py
import numpy as np
import pytest

import keras
from keras import layers
from keras import ops

ON_TORCH = keras.backend.backend() == "torch"
needs_torch = pytest.mark.skipif(
    not ON_TORCH, reason="TorchModuleWrapper wraps torch.nn.Modules: torch backend only"
)

RNG = np.random.default_rng(0)
X = RNG.standard_normal((32, 3)).astype("float32")
TRUE_W = np.array([[1.0], [-2.0], [0.5]], dtype="float32")
Y = X @ TRUE_W


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _mlp(seed):
    import torch

    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1)
    )


def _mlp_reference(params, x):
    """The MLP with explicit loops: params are torch's (out, in) weights and biases."""
    w1, b1, w2, b2 = params
    out = np.zeros((x.shape[0], w2.shape[0]))
    for n in range(x.shape[0]):
        hidden = [
            np.tanh(sum(x[n, i] * w1[j, i] for i in range(w1.shape[1])) + b1[j])
            for j in range(w1.shape[0])
        ]
        for k in range(w2.shape[0]):
            out[n, k] = sum(hidden[j] * w2[k, j] for j in range(len(hidden))) + b2[k]
    return out


@needs_torch
def test_parameters_are_variables_and_the_forward_matches_numpy():
    module = _mlp(0)
    layer = layers.TorchModuleWrapper(module)
    assert [tuple(v.shape) for v in layer.weights] == [(4, 3), (4,), (1, 4), (1,)]
    assert all(v.trainable for v in layer.weights)
    params = [p.detach().numpy().copy() for p in module.parameters()]
    for variable, param in zip(layer.weights, params):
        np.testing.assert_array_equal(_np(variable), param)
    out = _np(layer(X[:5]))
    np.testing.assert_allclose(out, _mlp_reference(params, X[:5]), rtol=1e-5, atol=1e-6)


@needs_torch
def test_fit_trains_the_module():
    module = _mlp(1)
    layer = layers.TorchModuleWrapper(module)
    model = keras.Sequential([keras.Input((3,)), layer])
    assert model.output_shape == (None, 1)
    before = [p.detach().numpy().copy() for p in module.parameters()]
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    history = model.fit(X, Y, epochs=4, batch_size=8, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]
    after = [p.detach().numpy() for p in module.parameters()]
    assert all(not np.allclose(a, b) for a, b in zip(before, after))
    # The module computes with the variables' values.
    for variable, param in zip(layer.weights, after):
        np.testing.assert_array_equal(_np(variable), param)
    np.testing.assert_allclose(
        _np(model.predict(X, verbose=0)), _mlp_reference(after, X), rtol=1e-4, atol=1e-5
    )


@needs_torch
def test_keras_file_round_trip(tmp_path):
    import torch

    module = torch.nn.Sequential(
        torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 1)
    )
    model = keras.Sequential([keras.Input((3,)), layers.TorchModuleWrapper(module)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(X, Y, epochs=1, batch_size=8, verbose=0)
    expected = _np(model.predict(X, verbose=0))
    path = str(tmp_path / "model.keras")
    model.save(path)
    with pytest.raises(ValueError, match="safe_mode=False"):
        keras.saving.load_model(path)
    loaded = keras.saving.load_model(path, safe_mode=False)
    np.testing.assert_allclose(_np(loaded.predict(X, verbose=0)), expected, rtol=1e-6)


@needs_torch
def test_weights_file_round_trip(tmp_path):
    import torch

    def build(seed):
        torch.manual_seed(seed)
        module = torch.nn.Sequential(
            torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 1)
        )
        return keras.Sequential([keras.Input((3,)), layers.TorchModuleWrapper(module)])

    model = build(2)
    model.compile(optimizer="sgd", loss="mse")
    model.fit(X, Y, epochs=1, batch_size=8, verbose=0)  # moves the BatchNorm buffers
    expected = _np(model.predict(X, verbose=0))
    path = str(tmp_path / "model.weights.h5")
    model.save_weights(path)
    with h5py.File(path, "r") as f:
        stored = sorted(f["layers/torch_module_wrapper/vars"].keys())
    assert stored == sorted(model.layers[0].module.state_dict().keys())
    other = build(3)
    assert not np.allclose(_np(other.predict(X, verbose=0)), expected)
    other.load_weights(path)
    np.testing.assert_allclose(_np(other.predict(X, verbose=0)), expected, rtol=1e-6)
    running_mean = other.layers[0].module[1].running_mean.numpy()
    np.testing.assert_array_equal(
        running_mean, model.layers[0].module[1].running_mean.numpy()
    )


@needs_torch
def test_config_round_trip():
    layer = layers.TorchModuleWrapper(_mlp(4), name="wrapped", output_shape=(None, 1))
    config = layer.get_config()
    assert sorted(config) == ["dtype", "module", "name", "output_shape", "trainable"]
    assert config["output_shape"] == (None, 1)
    assert isinstance(config["module"], str)
    with pytest.raises(ValueError, match="safe mode"):
        keras.saving.deserialize_keras_object(
            keras.saving.serialize_keras_object(layer)
        )
    clone = keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(layer), safe_mode=False
    )
    assert isinstance(clone, layers.TorchModuleWrapper) and clone.name == "wrapped"
    np.testing.assert_allclose(_np(clone(X)), _np(layer(X)), rtol=1e-6)


@needs_torch
def test_output_shape_argument_and_probe():
    import torch

    given = layers.TorchModuleWrapper(torch.nn.Linear(3, 2), output_shape=(None, 2))
    assert given.compute_output_shape((None, 3)) == (None, 2)
    probed = layers.TorchModuleWrapper(torch.nn.Flatten())
    inputs = keras.Input((2, 5))
    assert tuple(probed(inputs).shape) == (None, 10)


@needs_torch
def test_lazy_module_and_stateless_call():
    import torch

    lazy = layers.TorchModuleWrapper(torch.nn.LazyLinear(2))
    assert not lazy.built and lazy.weights == []
    assert tuple(lazy(keras.Input((3,))).shape) == (None, 2)
    assert [tuple(v.shape) for v in lazy.weights] == [(2, 3), (2,)]
    layer = layers.TorchModuleWrapper(torch.nn.Linear(3, 2))
    kernel = RNG.standard_normal((2, 3)).astype("float32")
    bias = RNG.standard_normal((2,)).astype("float32")
    own = [_np(v).copy() for v in layer.weights]
    out, _ = layer.stateless_call(
        [torch.tensor(kernel), torch.tensor(bias)], [], torch.tensor(X[:4])
    )
    np.testing.assert_allclose(_np(out.detach()), X[:4] @ kernel.T + bias, rtol=1e-5)
    for variable, value in zip(layer.weights, own):
        np.testing.assert_array_equal(_np(variable), value)


@needs_torch
def test_argument_errors():
    with pytest.raises(TypeError, match="`module` must be a torch.nn.Module"):
        layers.TorchModuleWrapper(np.ones(3))
    import torch

    with pytest.raises(ValueError, match="`output_shape` must be a shape"):
        layers.TorchModuleWrapper(torch.nn.Linear(3, 2), output_shape="wide")


@pytest.mark.skipif(ON_TORCH, reason="checks the error raised on the other backends")
def test_other_backends_refuse():
    with pytest.raises(ValueError, match="requires the torch backend"):
        layers.TorchModuleWrapper(object())
