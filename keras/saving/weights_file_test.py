"""save_weights / load_weights: round trips, the Keras 3 HDF5 layout, bad files."""

import os
import subprocess
import sys
import textwrap
import zipfile

import h5py
import numpy as np
import pytest

import keras
from keras import layers
from keras.backends import active
from keras.saving import saveable_paths
from keras.saving import weights_file


def data(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def to_np(x):
    return np.asarray(active.convert_to_numpy(x))


def randomize(model, seed):
    """Distinct random values for every weight, so a wrong mapping shows."""
    rng = np.random.default_rng(seed)
    model.set_weights(
        [rng.standard_normal(w.shape).astype("float32") for w in model.weights]
    )


def h5_tree(path):
    """{object path: (name attribute, [dataset shapes])} of a weights file."""
    tree = {}
    with h5py.File(path, "r") as f:

        def visit(name, obj):
            if isinstance(obj, h5py.Group) and name.split("/")[-1] == "vars":
                shapes = [f[f"{name}/{k}"].shape for k in sorted(obj, key=int)]
                tree[name[: -len("vars")].rstrip("/")] = (obj.attrs.get("name"), shapes)

        f.visititems(visit)
    return tree


def mlp():
    return keras.Sequential(
        [
            keras.Input((4,)),
            layers.Dense(3, activation="relu"),
            layers.Dropout(0.5),
            layers.Dense(2),
        ]
    )


def two_input_model():
    a, b = keras.Input((3,)), keras.Input((5,))
    shared = layers.Dense(4, activation="tanh")
    left, right = shared(layers.Dense(3)(a)), shared(layers.Dense(3)(b))
    merged = layers.Concatenate()([left, right])
    return keras.Model([a, b], layers.Dense(2)(merged))


def nested_model():
    inner = keras.Sequential([keras.Input((4,)), layers.Dense(5, activation="relu")])
    x = keras.Input((4,))
    return keras.Model(x, layers.Dense(1)(inner(x)))


class Scaled(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dense = layers.Dense(units)

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(self.units,), initializer="ones")
        self.shift = self.add_weight(
            shape=(self.units,), initializer="zeros", trainable=False
        )
        self.dense.build(input_shape)

    def call(self, x):
        return self.dense(x) * self.scale + self.shift


class Subclassed(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.body = Scaled(3)
        self.out = layers.Dense(2)

    def call(self, x):
        return self.out(self.body(x))


def subclassed_model():
    model = Subclassed()
    model.build((None, 4))
    return model


CASES = {
    "sequential": (mlp, lambda: data((5, 4), 1)),
    "functional": (two_input_model, lambda: [data((5, 3), 1), data((5, 5), 2)]),
    "nested": (nested_model, lambda: data((5, 4), 1)),
    "subclassed": (subclassed_model, lambda: data((5, 4), 1)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_round_trip_into_a_fresh_model(case, tmp_path):
    build, inputs = CASES[case]
    model = build()
    randomize(model, seed=3)
    x = inputs()
    expected = to_np(model(x))
    path = tmp_path / "model.weights.h5"
    model.save_weights(path)
    fresh = build()
    fresh.load_weights(path)
    np.testing.assert_allclose(to_np(fresh(x)), expected, rtol=1e-6, atol=1e-6)
    for saved, loaded in zip(model.get_weights(), fresh.get_weights()):
        np.testing.assert_array_equal(saved, loaded)


def test_sequential_values_match_a_numpy_forward_pass(tmp_path):
    model = mlp()
    randomize(model, seed=5)
    path = tmp_path / "mlp.weights.h5"
    weights_file.save_weights(model, path)
    with h5py.File(path, "r") as f:
        k1, b1 = f["layers/dense/vars/0"][()], f["layers/dense/vars/1"][()]
        k2, b2 = f["layers/dense_1/vars/0"][()], f["layers/dense_1/vars/1"][()]
    x = data((6, 4), 9)
    reference = np.maximum(x @ k1 + b1, 0) @ k2 + b2
    np.testing.assert_allclose(to_np(model(x)), reference, rtol=1e-5, atol=1e-5)


def test_layout_of_a_functional_model(tmp_path):
    model = two_input_model()
    path = tmp_path / "f.weights.h5"
    model.save_weights(path)
    tree = h5_tree(path)
    names = {path: obj.name for path, obj in saveable_paths.saveables(model)}
    assert tree == {
        "": (model.name, []),
        "layers/input_layer": (names["layers/input_layer"], []),
        "layers/input_layer_1": (names["layers/input_layer_1"], []),
        "layers/dense": (names["layers/dense"], [(3, 3), (3,)]),
        "layers/dense_1": (names["layers/dense_1"], [(5, 3), (3,)]),
        "layers/dense_2": (names["layers/dense_2"], [(3, 4), (4,)]),
        "layers/concatenate": (names["layers/concatenate"], []),
        "layers/dense_3": (names["layers/dense_3"], [(8, 2), (2,)]),
    }
    with h5py.File(path, "r") as f:
        assert dict(f.attrs) == {}
        assert set(f) == {"layers", "vars"}


def test_layout_of_nested_and_subclassed_models(tmp_path):
    nested, sub = nested_model(), subclassed_model()
    nested.save_weights(tmp_path / "n.weights.h5")
    sub.save_weights(tmp_path / "s.weights.h5")
    assert {k: v[1] for k, v in h5_tree(tmp_path / "n.weights.h5").items()} == {
        "": [],
        "layers/input_layer": [],
        "layers/sequential": [],
        "layers/sequential/layers/dense": [(4, 5), (5,)],
        "layers/dense": [(5, 1), (1,)],
    }
    # Attributes, public ones alphabetically; the body's own weights: trainable first.
    # `out` sorts after `layers` (Model.layers), so Keras 3 reaches it there first.
    assert {k: v[1] for k, v in h5_tree(tmp_path / "s.weights.h5").items()} == {
        "": [],
        "body": [(3,), (3,)],
        "body/dense": [(4, 3), (3,)],
        "layers/dense": [(3, 2), (2,)],
    }


def test_cross_backend_file_loads_here(tmp_path):
    other = "numpy" if keras.backend.backend() != "numpy" else "jax"
    path = tmp_path / f"{other}.weights.h5"
    script = textwrap.dedent(
        """
        import sys
        import numpy as np
        import keras
        from keras import layers
        assert keras.backend.backend() == sys.argv[2]
        model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="relu"),
                                  layers.Dropout(0.5), layers.Dense(2)])
        rng = np.random.default_rng(11)
        model.set_weights([rng.standard_normal(w.shape).astype("float32")
                           for w in model.weights])
        model.save_weights(sys.argv[1])
        """
    )
    env = dict(os.environ, KERAS_BACKEND=other, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), other],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    model = mlp()
    model.load_weights(path)
    rng = np.random.default_rng(11)
    shapes = [(4, 3), (3,), (3, 2), (2,)]
    k1, b1, k2, b2 = [rng.standard_normal(s).astype("float32") for s in shapes]
    x = data((7, 4), 4)
    reference = np.maximum(x @ k1 + b1, 0) @ k2 + b2
    np.testing.assert_allclose(to_np(model(x)), reference, rtol=1e-5, atol=1e-5)


def test_weights_from_a_keras_archive(tmp_path):
    model = mlp()
    randomize(model, seed=8)
    path = tmp_path / "model.keras"
    inner = tmp_path / "inner.weights.h5"
    model.save_weights(inner)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", "{}")
        archive.write(inner, "model.weights.h5")
    fresh = mlp()
    fresh.load_weights(path)
    x = data((3, 4))
    np.testing.assert_allclose(to_np(fresh(x)), to_np(model(x)), rtol=1e-6, atol=1e-6)


def test_dense_with_lora_saves_the_merged_kernel(tmp_path):
    model = keras.Sequential([keras.Input((5,)), layers.Dense(4)])
    randomize(model, seed=2)
    model.layers[0].enable_lora(2)
    model.layers[0].lora_kernel_b.assign(data((2, 4), 3))
    x = data((3, 5), 4)
    expected = to_np(model(x))
    model.save_weights(tmp_path / "lora.weights.h5")
    plain = keras.Sequential([keras.Input((5,)), layers.Dense(4)])
    plain.load_weights(tmp_path / "lora.weights.h5")
    np.testing.assert_allclose(to_np(plain(x)), expected, rtol=1e-5, atol=1e-5)
