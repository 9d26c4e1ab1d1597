"""TensorBoard: the event files written during fit and evaluate, read back with
TensorBoard's own reader, hold the logged values at the right steps."""

import glob
import os

import numpy as np
import pytest
from tensorboard.backend.event_processing import event_accumulator

import keras


def _model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(3, activation="relu", name="d1"),
            keras.layers.Dense(2, activation="softmax", name="d2"),
        ],
        name="seq",
    )
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _data():
    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    return x, (x.sum(1) > 0).astype("int32")


def _read(folder):
    """{tag: [(step, value)]} of every event file in `folder`, through TensorBoard's
    EventAccumulator (scalars and histograms as its dashboards read them)."""
    found = {}
    for path in sorted(glob.glob(os.path.join(folder, "events.out.tfevents.*"))):
        accumulator = event_accumulator.EventAccumulator(
            path, size_guidance={event_accumulator.TENSORS: 0}
        )
        accumulator.Reload()
        for tag in accumulator.Tags()["tensors"]:
            for event in accumulator.Tensors(tag):
                found.setdefault(tag, []).append((event.step, event.tensor_proto))
    return found


def _scalars(found, tag):
    from tensorboard.util import tensor_util

    return [(step, float(tensor_util.make_ndarray(t))) for step, t in found[tag]]


def test_fit_writes_epoch_batch_validation_and_weight_summaries(tmp_path):
    model = _model()
    x, y = _data()
    callback = keras.callbacks.TensorBoard(
        str(tmp_path), histogram_freq=1, update_freq="batch", write_steps_per_second=True, write_images=True
    )
    history = model.fit(
        x, y, epochs=2, batch_size=16, validation_data=(x, y), callbacks=[callback], verbose=0
    )
    train = _read(str(tmp_path / "train"))
    validation = _read(str(tmp_path / "validation"))
    for name in ("loss", "accuracy"):
        got = _scalars(train, f"epoch_{name}")
        assert [s for s, _ in got] == [0, 1]
        np.testing.assert_allclose([v for _, v in got], history.history[name], rtol=1e-6)
        got = _scalars(validation, f"epoch_{name}")
        np.testing.assert_allclose([v for _, v in got], history.history[f"val_{name}"], rtol=1e-6)
        # The batches are numbered across epochs: 4 per epoch.
        assert [s for s, _ in _scalars(train, f"batch_{name}")] == list(range(1, 9))
        # Each epoch's validation also logs against the batches trained so far.
        evaluated = _scalars(validation, f"evaluation_{name}_vs_iterations")
        assert [s for s, _ in evaluated] == [4, 8]
    np.testing.assert_allclose([v for _, v in _scalars(train, "epoch_learning_rate")], 0.001)
    assert all(v > 0 for _, v in _scalars(train, "epoch_steps_per_second"))
    assert len(_scalars(train, "batch_steps_per_second")) == 8
    from tensorboard.util import tensor_util

    for weight in model.weights:
        histograms = train[f"{weight.path}/histogram"]
        assert [s for s, _ in histograms] == [0, 1]
        buckets = tensor_util.make_ndarray(histograms[-1][1])
        # (left edge, right edge, count) per bucket; the counts add up to the weight's size.
        assert buckets.shape[1] == 3 and buckets[:, 2].sum() == np.prod(weight.shape)
        assert buckets[0, 0] == pytest.approx(float(np.min(keras.ops.convert_to_numpy(weight))), abs=1e-6)
        assert f"{weight.path}/image" in train
    assert "keras" in train  # the model's config for the graph dashboard
    config = tensor_util.make_ndarray(train["keras"][0][1])[0].decode()
    assert '"Sequential"' in config


def test_epoch_frequency_and_evaluate_outside_fit(tmp_path):
    model = _model()
    x, y = _data()
    callback = keras.callbacks.TensorBoard(str(tmp_path), write_graph=False, update_freq=3)
    model.fit(x, y, epochs=2, batch_size=16, callbacks=[callback], verbose=0)
    results = model.evaluate(x, y, callbacks=[callback], verbose=0, return_dict=True)
    train = _read(str(tmp_path / "train"))
    assert "keras" not in train
    assert [s for s, _ in _scalars(train, "batch_loss")] == [3, 6]
    evaluated = _scalars(_read(str(tmp_path / "validation")), "evaluation_loss_vs_iterations")
    assert evaluated[-1][0] == 8
    assert evaluated[-1][1] == pytest.approx(results["loss"], rel=1e-6)


def test_argument_errors():
    with pytest.raises(ValueError, match="update_freq"):
        keras.callbacks.TensorBoard(update_freq="sometimes")
    with pytest.raises(ValueError, match="profile_batch"):
        keras.callbacks.TensorBoard(profile_batch=(5, 2))
    with pytest.warns(UserWarning, match="profile_batch"):
        keras.callbacks.TensorBoard(profile_batch=(2, 4))
    with pytest.raises(ValueError, match="histogram_freq"):
        keras.callbacks.TensorBoard(histogram_freq=-1)
