"""keras.utils.FeatureSpace: adapt on a tf.data dataset of dicts, encoded values against
NumPy references, concat/dict outputs, tf.data map and a model fit, config and
.keras save/load round trips, and argument errors."""

import os

import numpy as np
import pytest

import keras
from keras import config
from keras import ops
from keras.layers.testing import FIT_GAPS

tf = pytest.importorskip("tensorflow")
FeatureSpace = keras.utils.FeatureSpace


def _data():
    return {
        "amount": np.array([1.0, 2.0, 4.0, 8.0, 5.0, 3.0], "float32"),
        "scaled": np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0], "float32"),
        "plain": np.array([0.5, -0.5, 1.5, 2.5, 0.0, 1.0], "float32"),
        "bucket": np.array([-1.0, 0.2, 0.7, 3.0, 0.0, 1.0], "float32"),
        "color": np.array(["red", "blue", "red", "green", "red", "blue"]),
        "size": np.array([3, 1, 3, 2, 3, 9], "int64"),
        "city": np.array(["a", "b", "c", "a", "b", "c"]),
    }


def _space(output_mode="concat"):
    return FeatureSpace(
        features={
            "amount": FeatureSpace.float_normalized(),
            "scaled": FeatureSpace.float_rescaled(scale=0.5, offset=1.0),
            "plain": "float",
            "bucket": FeatureSpace.float_discretized(
                num_bins=3, bin_boundaries=[0.0, 1.0]
            ),
            "color": FeatureSpace.string_categorical(num_oov_indices=1),
            "size": "integer_categorical",
            "city": FeatureSpace.string_hashed(num_bins=4),
        },
        crosses=[FeatureSpace.cross(("color", "size"), crossing_dim=5)],
        output_mode=output_mode,
    )


def _adapted(output_mode="concat"):
    space = _space(output_mode)
    space.adapt(tf.data.Dataset.from_tensor_slices(_data()).batch(4))
    return space


def _one_hot(index, depth):
    return np.eye(depth)[np.asarray(index)]


def _reference(space, data):
    """The encoded features, by name, computed with NumPy from the adapted state."""
    amount = data["amount"].astype("float64")
    color_vocab = space.features["color"].preprocessor.get_vocabulary()
    size_vocab = [int(v) for v in space.features["size"].preprocessor.get_vocabulary()]
    city_bins = ops.convert_to_numpy(
        keras.layers.Hashing(num_bins=4)(data["city"][:, None])
    )[:, 0]
    cross_bins = ops.convert_to_numpy(
        keras.layers.HashedCrossing(num_bins=5)((data["color"], data["size"]))
    )
    return {
        "amount": ((amount - amount.mean()) / amount.std())[:, None],
        "bucket": _one_hot(np.digitize(data["bucket"], [0.0, 1.0]), 3),
        "city": _one_hot(city_bins, 4),
        "color": _one_hot(
            [color_vocab.index(c) if c in color_vocab else 0 for c in data["color"]],
            len(color_vocab),
        ),
        "plain": data["plain"][:, None],
        "scaled": (data["scaled"] * 0.5 + 1.0)[:, None],
        "size": _one_hot(
            [size_vocab.index(s) if s in size_vocab else 0 for s in data["size"]],
            len(size_vocab),
        ),
        "color_X_size": _one_hot(np.reshape(cross_bins, -1), 5),
    }


def test_adapt_and_concat_match_numpy():
    space = _adapted()
    data = _data()
    color_vocab = space.features["color"].preprocessor.get_vocabulary()
    assert sorted(color_vocab[1:]) == ["blue", "green", "red"]  # 1 OOV slot first
    out = ops.convert_to_numpy(space(data))
    reference = _reference(space, data)
    # Features sorted by name, then the crosses.
    order = sorted(space.features) + ["color_X_size"]
    expected = np.concatenate([reference[name] for name in order], axis=-1)
    assert out.shape == expected.shape == (6, 1 + 3 + 4 + 4 + 1 + 1 + 5 + 5)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_dict_mode_and_unbatched():
    space = _adapted("dict")
    data = _data()
    out = space(data)
    reference = _reference(space, data)
    assert sorted(out) == sorted(reference)
    for name, value in out.items():
        np.testing.assert_allclose(
            ops.convert_to_numpy(value), reference[name], rtol=1e-5, atol=1e-5
        )
    one = space({name: values[2] for name, values in data.items()})
    assert tuple(one["color"].shape) == (reference["color"].shape[1],)
    np.testing.assert_allclose(
        ops.convert_to_numpy(one["color"]), reference["color"][2]
    )


def test_tf_data_map_and_fit():
    space = _adapted()
    data = _data()
    labels = np.array([0, 1, 0, 1, 1, 0], "float32")
    dataset = tf.data.Dataset.from_tensor_slices((data, labels)).batch(3)
    mapped = dataset.map(lambda x, y: (space(x), y))
    features = np.concatenate([x.numpy() for x, _ in mapped])
    np.testing.assert_allclose(
        features, ops.convert_to_numpy(space(data)), rtol=1e-5, atol=1e-5
    )
    if config.backend() in FIT_GAPS:
        pytest.skip(FIT_GAPS[config.backend()])
    model = keras.Sequential(
        [keras.Input((features.shape[1],)), keras.layers.Dense(1, activation="sigmoid")]
    )
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    history = model.fit(mapped, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_config_and_save_round_trip(tmp_path):
    space = _adapted()
    config_dict = space.get_config()
    assert sorted(config_dict) == [
        "crosses",
        "crossing_dim",
        "features",
        "hashing_dim",
        "name",
        "num_discretization_bins",
        "output_mode",
    ]
    clone = FeatureSpace.from_config(config_dict)
    assert sorted(clone.features) == sorted(space.features)
    assert clone.crosses[0].feature_names == ("color", "size")
    path = os.path.join(tmp_path, "space.keras")
    space.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded, FeatureSpace)
    data = _data()
    np.testing.assert_allclose(
        ops.convert_to_numpy(loaded(data)),
        ops.convert_to_numpy(space(data)),
        rtol=1e-6,
    )


def test_presets_use_the_dimensions():
    space = FeatureSpace(
        features={
            "s": "string_hashed",
            "f": "float_discretized",
            "i": "integer_hashed",
        },
        crosses=[("s", "i")],
        hashing_dim=6,
        num_discretization_bins=4,
        crossing_dim=7,
        output_mode="dict",
    )
    data = {
        "s": np.array(["x", "y", "z", "w"]),
        "f": np.array([0.0, 1.0, 2.0, 3.0], "float32"),
        "i": np.array([1, 2, 3, 4], "int64"),
    }
    space.adapt(tf.data.Dataset.from_tensor_slices(data).batch(2))
    out = {k: ops.convert_to_numpy(v) for k, v in space(data).items()}
    assert out["s"].shape == (4, 6) and out["i"].shape == (4, 6)
    assert out["f"].shape == (4, 4) and out["s_X_i"].shape == (4, 7)
    for value in out.values():
        np.testing.assert_allclose(value.sum(axis=-1), 1.0)  # one-hot rows


def test_errors():
    with pytest.raises(ValueError, match="features"):
        FeatureSpace(features={"a": "bogus"})
    with pytest.raises(ValueError, match="`output_mode`"):
        FeatureSpace(features={"a": "float"}, output_mode="stack")
    with pytest.raises(ValueError, match="`crosses`"):
        FeatureSpace(features={"a": "string_hashed"}, crosses=[("a", "b")])
    space = FeatureSpace(features={"a": "float_normalized"})
    with pytest.raises(ValueError, match="adapt"):
        space({"a": np.ones(2, "float32")})
    with pytest.raises(ValueError, match="tf.data.Dataset"):
        space.adapt({"a": np.ones(2, "float32")})
    plain = FeatureSpace(features={"a": "float", "b": "float"})
    with pytest.raises(ValueError, match="lacks the features"):
        plain({"a": np.ones(2, "float32")})


def test_symbolic_inputs_and_encoded_features():
    space = _adapted()
    inputs = space.get_inputs()
    assert inputs is not space.get_inputs()  # a fresh dict of the same inputs
    assert all(inputs[n] is space.get_inputs()[n] for n in inputs)
    assert sorted(inputs) == sorted(_data())
    assert inputs["color"].dtype == "string" and tuple(inputs["color"].shape) == (
        None,
        1,
    )
    encoded = space.get_encoded_features()
    assert tuple(encoded.shape) == (None, 24)
    dense = keras.layers.Dense(1)
    model = keras.Model(inputs, dense(encoded))
    if config.backend() != "tensorflow":
        pytest.skip(
            "string inputs flow through a functional model only on the tensorflow "
            "backend (as in Keras 3)"
        )
    data = _data()
    out = ops.convert_to_numpy(
        model({name: tf.constant(values[:, None]) for name, values in data.items()})
    )
    kernel, bias = (ops.convert_to_numpy(w) for w in dense.weights)
    expected = ops.convert_to_numpy(space(data)) @ kernel + bias
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
