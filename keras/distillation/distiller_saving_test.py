"""Saving a Distiller: a `.keras` file written by Keras 3.15.1 loads here with the same
predictions and losses; ours round-trips and has Keras 3's weights layout (the same
HDF5 paths as the Keras 3 fixture of the same models)."""

import io
import json
import os
import warnings
import zipfile

import h5py
import numpy as np
import pytest

import keras
from keras import layers
from keras.distillation import Distiller
from keras.distillation import FeatureDistillation
from keras.distillation import LogitsDistillation
from keras.layers.testing import FIT_GAPS
from keras.ops import testing

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")
FIXTURE = os.path.join(HERE, "distiller.keras")
BACKEND = testing.backend_name()


def expected():
    with np.load(os.path.join(HERE, "distiller_expected.npz")) as z:
        arrays = {key: z[key] for key in z.files}
    arrays["logs"] = json.loads(str(arrays["logs"]))
    return arrays


def student_loss():
    return keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def mlp(name, units):
    """The fixture's models (testdata/make_fixture.py)."""
    inputs = keras.Input((6,), name=f"{name}_in")
    hidden = layers.Dense(units, activation="relu", name=f"{name}_h1")(inputs)
    hidden = layers.Dense(8, activation="tanh", name=f"{name}_h2")(hidden)
    return keras.Model(inputs, layers.Dense(4, name=f"{name}_logits")(hidden), name=name)


def fixture_distiller():
    keras.utils.set_random_seed(0)
    distiller = Distiller(
        mlp("teacher", 16),
        mlp("student", 6),
        [
            LogitsDistillation(temperature=2.0),
            LogitsDistillation(temperature=4.0, loss=keras.losses.KLDivergence()),
            FeatureDistillation("mae", "teacher_h2", "student_h2"),
        ],
        distillation_loss_weights=[0.5, 1.0, 2.0],
        student_loss_weight=0.3,
    )
    distiller.compile(
        optimizer=keras.optimizers.Adam(1e-2), loss=student_loss(), metrics=["accuracy"]
    )
    return distiller


def h5_layout(path):
    """Every group and dataset (with its shape) of the archive's weights file."""
    with zipfile.ZipFile(path) as archive:
        data = archive.read("model.weights.h5")
    found = []
    with h5py.File(io.BytesIO(data), "r") as f:
        f.visititems(lambda name, obj: found.append((name, getattr(obj, "shape", None))))
    return found


def test_a_keras3_distiller_loads_with_the_same_predictions_and_losses():
    want = expected()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        distiller = keras.saving.load_model(FIXTURE)
    # Keras 3 saves no student loss in the compile config: compile again to evaluate.
    assert any("no student loss" in str(w.message) for w in caught)
    assert isinstance(distiller, Distiller)
    assert distiller.distillation_loss_weights == [0.5, 1.0, 2.0]
    assert distiller.student_loss_weight == 0.3
    assert distiller.teacher.trainable is False
    kinds = [type(loss).__name__ for loss in distiller.distillation_losses]
    assert kinds == ["LogitsDistillation", "LogitsDistillation", "FeatureDistillation"]
    assert isinstance(distiller.distillation_losses[1].loss, keras.losses.KLDivergence)
    x, y = want["x"], want["y"]
    np.testing.assert_allclose(distiller.predict(x, verbose=0), want["y_pred"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        distiller.teacher.predict(x, verbose=0), want["teacher_pred"], rtol=1e-5, atol=1e-6
    )
    distiller.compile(optimizer="adam", loss=student_loss(), metrics=["accuracy"])
    logs = distiller.evaluate(x, y, batch_size=32, verbose=0, return_dict=True)
    assert set(logs) == set(want["logs"])
    for name, value in want["logs"].items():
        np.testing.assert_allclose(logs[name], value, rtol=1e-5, err_msg=name)


def test_our_file_has_the_keras3_layout_and_round_trips(tmp_path):
    distiller = fixture_distiller()
    want = expected()
    x, y = want["x"], want["y"]
    if BACKEND not in FIT_GAPS:
        distiller.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    else:
        distiller.evaluate(x, y, verbose=0)  # builds the model without training
        distiller.optimizer.build(distiller.trainable_variables)
    path = str(tmp_path / "distiller.keras")
    distiller.save(path)
    assert h5_layout(path) == h5_layout(FIXTURE)
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
    assert config["module"] == "keras.distillation"
    assert config["class_name"] == "Distiller"
    assert config["config"]["distillation_loss_weights"] == [0.5, 1.0, 2.0]

    loaded = keras.saving.load_model(path)
    as_json = lambda model: json.loads(json.dumps(model.get_config()))  # noqa: E731
    assert as_json(loaded) == as_json(distiller)
    np.testing.assert_allclose(
        loaded.predict(x, verbose=0), distiller.predict(x, verbose=0), rtol=1e-6
    )
    # Our compile config keeps the student loss: the loaded model is compiled.
    assert loaded.compiled
    before = distiller.evaluate(x, y, batch_size=32, verbose=0, return_dict=True)
    after = loaded.evaluate(x, y, batch_size=32, verbose=0, return_dict=True)
    for name, value in before.items():
        np.testing.assert_allclose(after[name], value, rtol=1e-6, err_msg=name)
    optimizer_values = [testing.to_numpy(v) for v in distiller.optimizer.variables]
    for want_value, got in zip(optimizer_values, loaded.optimizer.variables):
        np.testing.assert_allclose(testing.to_numpy(got), want_value, rtol=1e-6)


def test_weights_file_round_trip(tmp_path):
    source = fixture_distiller()
    target = fixture_distiller()
    x = expected()["x"]
    source.predict(x, verbose=0)  # a Distiller is built by its first call
    target.predict(x, verbose=0)
    for weight in source.student.weights:
        weight.assign(np.random.default_rng(1).normal(size=weight.shape).astype("float32"))
    path = str(tmp_path / "distiller.weights.h5")
    source.save_weights(path)
    target.load_weights(path)
    np.testing.assert_allclose(
        target.predict(x, verbose=0), source.predict(x, verbose=0), rtol=1e-6
    )


@pytest.mark.skipif(BACKEND in FIT_GAPS, reason=FIT_GAPS.get(BACKEND, ""))
def test_a_loaded_distiller_keeps_training(tmp_path):
    distiller = fixture_distiller()
    want = expected()
    x, y = want["x"], want["y"]
    distiller.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    path = str(tmp_path / "distiller.keras")
    distiller.save(path)
    loaded = keras.saving.load_model(path)
    distiller.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    loaded.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    for want_weight, got in zip(distiller.student.get_weights(), loaded.student.get_weights()):
        np.testing.assert_allclose(got, want_weight, rtol=1e-4, atol=1e-6)
