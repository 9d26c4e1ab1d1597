"""model.save / keras.saving.load_model: round trips of the .keras archive, configs,
to_json, compile state, custom objects."""

import io
import json
import zipfile

import numpy as np
import pytest

import keras
from keras import layers
from keras.backends import active


def data(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def to_np(x):
    return np.asarray(active.convert_to_numpy(x))


def randomize(model, seed):
    """Distinct random weights, so that a wrong mapping shows in the predictions."""
    rng = np.random.default_rng(seed)
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.weights])


def assert_same_weights(a, b):
    wa, wb = a.get_weights(), b.get_weights()
    assert len(wa) == len(wb)
    for x, y in zip(wa, wb):
        assert x.shape == y.shape
        np.testing.assert_array_equal(x, y)


def functional_model():
    tokens = keras.Input((6,), dtype="int32", name="tokens")
    features = keras.Input((4,), name="features")
    a = layers.Embedding(20, 5)(tokens)
    a = layers.Flatten()(a)
    a = layers.Dense(8, activation="relu")(a)
    a = layers.Dropout(0.5)(a)
    shared = layers.Dense(8, activation="tanh", name="shared")
    b = shared(features)
    c = layers.Concatenate()([a, b, shared(layers.Dense(4)(features))])
    main = layers.Dense(3, activation="softmax", name="main")(c)
    aux = layers.Dense(1, name="aux")(b)
    return keras.Model({"tokens": tokens, "features": features}, [main, aux], name="two_heads")


def functional_inputs(n=5, seed=3):
    rng = np.random.default_rng(seed)
    return {
        "tokens": rng.integers(0, 20, (n, 6)).astype("int32"),
        "features": rng.standard_normal((n, 4)).astype("float32"),
    }


def test_sequential_round_trip(tmp_path):
    model = keras.Sequential(
        [keras.Input((4,)), layers.Dense(5, activation="relu"), layers.Dense(2)], name="mlp"
    )
    randomize(model, 1)
    path = tmp_path / "mlp.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert type(loaded) is keras.Sequential
    assert loaded.name == "mlp"
    assert [l.name for l in loaded.layers] == [l.name for l in model.layers]
    assert_same_weights(model, loaded)
    x = data((6, 4))
    np.testing.assert_allclose(to_np(loaded(x)), to_np(model(x)), rtol=1e-6, atol=1e-6)
    # The archive holds exactly the three members, with the Keras 3 names.
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
        meta = json.loads(archive.read("metadata.json"))
        config = json.loads(archive.read("config.json"))
    assert meta["keras_version"] == keras.version()
    assert set(meta) == {"keras_version", "date_saved"}
    assert config["module"] == "keras" and config["class_name"] == "Sequential"
    assert config["config"]["build_input_shape"] == [None, 4]


def test_sequential_built_by_a_call_round_trip(tmp_path):
    model = keras.Sequential([layers.Dense(3), layers.Dense(1)])
    model(data((2, 7)))
    randomize(model, 2)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    x = data((4, 7), 1)
    np.testing.assert_allclose(to_np(loaded(x)), to_np(model(x)), rtol=1e-6, atol=1e-6)


def test_functional_round_trip_with_shared_layer_dict_inputs_two_outputs(tmp_path):
    model = functional_model()
    randomize(model, 3)
    path = tmp_path / "f.keras"
    keras.saving.save_model(model, path)
    loaded = keras.saving.load_model(path)
    assert loaded.name == "two_heads"
    assert [l.name for l in loaded.layers] == [l.name for l in model.layers]
    # The shared layer is still one layer, called twice.
    assert len(loaded.get_layer("shared")._inbound_nodes) == 2
    assert_same_weights(model, loaded)
    x = functional_inputs()
    expected = model.predict(x, verbose=0)
    got = loaded.predict(x, verbose=0)
    assert isinstance(got, list) and len(got) == 2
    for e, g in zip(expected, got):
        np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-6)


def test_functional_config_schema_matches_keras3():
    config = json.loads(json.dumps(keras.saving.serialize_keras_object(functional_model())))
    assert config["module"] == "keras.src.models.functional"
    assert config["class_name"] == "Functional"
    assert config["registered_name"] == "Functional"
    inner = config["config"]
    assert inner["input_layers"] == {"tokens": ["tokens", 0, 0], "features": ["features", 0, 0]}
    assert inner["output_layers"] == [["main", 0, 0], ["aux", 0, 0]]
    by_name = {entry["name"]: entry for entry in inner["layers"]}
    assert by_name["tokens"]["inbound_nodes"] == []
    shared_nodes = by_name["shared"]["inbound_nodes"]
    assert len(shared_nodes) == 2
    tensor = shared_nodes[0]["args"][0]
    assert tensor["class_name"] == "__keras_tensor__"
    assert tensor["config"]["keras_history"] == ["features", 0, 0]
    assert tensor["config"]["shape"] == [None, 4]
    # Auto-generated names depend on what ran before: find layers by class.
    (concat,) = [e for e in inner["layers"] if e["class_name"] == "Concatenate"]
    (dropout,) = [e for e in inner["layers"] if e["class_name"] == "Dropout"]
    histories = [t["config"]["keras_history"] for t in concat["inbound_nodes"][0]["args"][0]]
    assert histories == [[dropout["name"], 0, 0], ["shared", 0, 0], ["shared", 1, 0]]
    assert by_name["main"]["build_config"] == {"input_shape": [None, 24]}
    json.dumps(config)  # plain JSON


def test_to_json_and_model_from_json_give_an_equivalent_model():
    model = functional_model()
    text = model.to_json()
    assert json.loads(text)["class_name"] == "Functional"
    rebuilt = keras.models.model_from_json(text)
    assert [l.name for l in rebuilt.layers] == [l.name for l in model.layers]
    assert [w.shape for w in rebuilt.weights] == [w.shape for w in model.weights]
    rebuilt.set_weights(model.get_weights())
    x = functional_inputs()
    for e, g in zip(model.predict(x, verbose=0), rebuilt.predict(x, verbose=0)):
        np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-6)
    with pytest.raises(ValueError, match="not valid JSON"):
        keras.models.model_from_json("{not json")


@keras.saving.register_keras_serializable(package="saving_api_test")
class Residual(keras.Model):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.inner = layers.Dense(units)
        self.out = layers.Dense(1)

    def call(self, x):
        return self.out(x + self.inner(x))

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_subclassed_registered_model_round_trip(tmp_path):
    model = Residual(units=3, name="res")
    model(data((2, 3)))
    randomize(model, 4)
    model.save(tmp_path / "res.keras")
    loaded = keras.saving.load_model(tmp_path / "res.keras")
    assert isinstance(loaded, Residual) and loaded.units == 3
    assert_same_weights(model, loaded)
    x = data((5, 3), 2)
    np.testing.assert_allclose(to_np(loaded(x)), to_np(model(x)), rtol=1e-6, atol=1e-6)


class Unregistered(layers.Layer):
    def call(self, x):
        return x * 2.0


# As if defined in the user's own program (modules inside keras are found by name).
Unregistered.__module__ = "user_program"


def test_custom_objects_and_unknown_class(tmp_path):
    inputs = keras.Input((3,))
    model = keras.Model(inputs, layers.Dense(2)(Unregistered()(inputs)))
    model.save(tmp_path / "c.keras")
    with pytest.raises(TypeError, match="Could not locate class 'Unregistered'.*custom_objects"):
        keras.saving.load_model(tmp_path / "c.keras")
    loaded = keras.saving.load_model(
        tmp_path / "c.keras", custom_objects={"Unregistered": Unregistered}
    )
    x = data((2, 3))
    np.testing.assert_allclose(to_np(loaded(x)), to_np(model(x)), rtol=1e-6, atol=1e-6)
    with keras.saving.custom_object_scope({"Unregistered": Unregistered}):
        keras.saving.load_model(tmp_path / "c.keras")


def test_file_objects(tmp_path):
    model = keras.Sequential([keras.Input((2,)), layers.Dense(2)])
    buffer = io.BytesIO()
    model.save(buffer)
    buffer.seek(0)
    loaded = keras.saving.load_model(buffer)
    assert_same_weights(model, loaded)


def test_compile_config_and_compile_false(tmp_path):
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
    model.compile(
        optimizer=keras.optimizers.SGD(0.05, momentum=0.5),
        loss="mse",
        metrics=["mae"],
        loss_weights=None,
    )
    path = tmp_path / "c.keras"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
    compile_config = config["compile_config"]
    assert compile_config["loss"] == "mse" and compile_config["metrics"] == ["mae"]
    assert compile_config["optimizer"]["class_name"] == "SGD"
    assert compile_config["optimizer"]["config"]["momentum"] == 0.5
    # Never trained, the optimizer had no momentum slots yet; as in Keras 3, loading
    # builds them and warns that the saved state (2 variables) does not fit.
    with pytest.warns(UserWarning, match="4 variables whereas the saved optimizer has 2"):
        loaded = keras.saving.load_model(path)
    assert loaded.compiled
    assert isinstance(loaded.optimizer, keras.optimizers.SGD)
    assert loaded.optimizer.momentum == 0.5
    np.testing.assert_allclose(float(to_np(loaded.optimizer.learning_rate)), 0.05, rtol=1e-6)
    plain = keras.saving.load_model(path, compile=False)
    assert not plain.compiled and plain.optimizer is None
    assert_same_weights(model, plain)


def test_save_errors(tmp_path):
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
    with pytest.raises(ValueError, match=r"invalid filepath extension.*'\.keras'"):
        model.save(tmp_path / "m")
    with pytest.raises(ValueError, match="save_format"):
        model.save(tmp_path / "m.h5", save_format="h5")
    with pytest.raises(ValueError, match="save_format"):
        model.save(tmp_path / "m.keras", save_format="tf")
    with pytest.raises(ValueError, match="has not been built"):
        keras.Sequential([layers.Dense(1)]).save(tmp_path / "u.keras")
    model.save(tmp_path / "m.keras")
    with pytest.raises(FileExistsError, match="overwrite=False"):
        model.save(tmp_path / "m.keras", overwrite=False)
    with pytest.raises(ValueError, match="weights file.*load_weights"):
        keras.saving.load_model(tmp_path / "m.weights.h5")
    with pytest.raises(FileNotFoundError, match="nope.keras"):
        keras.saving.load_model(tmp_path / "nope.keras")
    with pytest.raises(ValueError, match="directory"):
        keras.saving.load_model(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.keras"]
