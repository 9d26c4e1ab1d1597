"""KerasFileEditor: reading, summary, compare, edits and saving of Keras files."""

import json
import os
import zipfile

import h5py
import numpy as np
import pytest

import keras
from keras import layers
from keras.saving import keras_archive
from keras.saving.file_editor import KerasFileEditor


def data(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def mlp(hidden=3):
    return keras.Sequential(
        [keras.Input((4,)), layers.Dense(hidden), layers.Dense(2)]
    )


def numpy_weights(model):
    return [np.asarray(w.numpy()) for w in model.weights]


@pytest.fixture
def model():
    return mlp()


@pytest.fixture(params=["keras", "weights"])
def saved(request, tmp_path, model):
    """The model saved as a .keras archive or as a .weights.h5 file."""
    if request.param == "keras":
        path = tmp_path / "model.keras"
        model.save(path)
    else:
        path = tmp_path / "model.weights.h5"
        model.save_weights(path)
    return path


def test_loads_every_array_by_object_path(saved, model):
    editor = KerasFileEditor(saved)
    first, second = model.layers
    assert set(editor.weights_dict) >= {"", "layers/dense", "layers/dense_1"}
    for path, layer in [("layers/dense", first), ("layers/dense_1", second)]:
        stored = editor.weights_dict[path]
        assert sorted(stored) == ["0", "1"]
        np.testing.assert_array_equal(stored["0"], layer.kernel.numpy())
        np.testing.assert_array_equal(stored["1"], layer.bias.numpy())
        assert editor.object_names[path] == layer.name
    assert editor.object_names[""] == model.name
    assert editor.weights_dict[""] == {}
    if str(saved).endswith(".keras"):
        assert editor.config["class_name"] == "Sequential"
        assert isinstance(editor.metadata, dict)
    else:
        assert editor.config is None
        assert editor.metadata is None


def test_the_public_name_is_the_class(saved):
    assert keras.saving.KerasFileEditor is KerasFileEditor
    assert "KerasFileEditor" in repr(keras.saving.KerasFileEditor(str(saved)))


def test_summary_prints_paths_names_shapes_and_dtypes(saved, model, capsys):
    KerasFileEditor(saved).summary()
    out = capsys.readouterr().out
    first, second = model.layers
    for path, layer in [("layers/dense", first), ("layers/dense_1", second)]:
        assert path in out
        assert f"name={layer.name!r}" in out
        assert str(tuple(layer.kernel.shape)) in out
        assert str(tuple(layer.bias.shape)) in out
    assert "float32" in out
    total = sum(int(np.prod(w.shape)) for w in model.weights)
    assert f"{total:,} parameters" in out


def test_compare_with_the_same_architecture_succeeds(saved, model, capsys):
    result = KerasFileEditor(saved).compare(model)
    assert result == {
        "status": "success",
        "error_count": 0,
        "match_count": len(model.weights),
    }
    assert result["match_count"] == 4
    assert "matches" in capsys.readouterr().out
    # Values do not matter, only the layout: a fresh model of the same shape matches.
    assert KerasFileEditor(saved).compare(mlp())["status"] == "success"


def test_compare_with_other_shapes_lists_every_mismatch(saved, model, capsys):
    other = mlp(hidden=5)
    result = KerasFileEditor(saved).compare(other)
    pairs = list(zip(model.weights, other.weights))
    mismatched = [(a, b) for a, b in pairs if tuple(a.shape) != tuple(b.shape)]
    assert result["status"] == "error"
    assert result["error_count"] == len(mismatched) > 0
    assert result["match_count"] == len(pairs) - len(mismatched)
    out = capsys.readouterr().out
    for saved_weight, other_weight in mismatched:
        assert str(tuple(saved_weight.shape)) in out
        assert str(tuple(other_weight.shape)) in out


def test_compare_reports_missing_and_extra_objects_and_counts(saved, model, capsys):
    editor = KerasFileEditor(saved)
    editor.delete_object("layers/dense_1")
    result = editor.compare(model)
    assert result["status"] == "error"
    assert result["error_count"] == 1
    assert result["match_count"] == 2
    assert "layers/dense_1" in capsys.readouterr().out

    editor = KerasFileEditor(saved)
    editor.rename_object("layers/dense_1", "layers/extra")
    result = editor.compare(model)
    # Missing in the file (layers/dense_1) and missing in the model (layers/extra).
    assert result == {"status": "error", "error_count": 2, "match_count": 2}
    out = capsys.readouterr().out
    assert "layers/dense_1" in out and "layers/extra" in out

    editor = KerasFileEditor(saved)
    editor.delete_weight("layers/dense", "1")
    result = editor.compare(model)
    assert result == {"status": "error", "error_count": 1, "match_count": 3}
    assert "layers/dense" in capsys.readouterr().out


def test_compare_needs_a_built_model(saved):
    with pytest.raises(ValueError, match="not been built"):
        KerasFileEditor(saved).compare(keras.Sequential([layers.Dense(2)]))


def test_delete_and_add_back_an_object_then_load_weights(saved, model, tmp_path):
    editor = KerasFileEditor(saved)
    before = numpy_weights(model)
    kernel, bias = data((3, 2), seed=1), data((2,), seed=2)
    editor.delete_object("layers/dense_1")
    assert "layers/dense_1" not in editor.weights_dict
    editor.add_object("layers/dense_1", {"0": kernel, "1": bias})
    out = tmp_path / "edited.weights.h5"
    editor.save(out)

    model.load_weights(out)
    second = model.layers[1]
    np.testing.assert_array_equal(second.kernel.numpy(), kernel)
    np.testing.assert_array_equal(second.bias.numpy(), bias)
    np.testing.assert_array_equal(model.layers[0].kernel.numpy(), before[0])
    np.testing.assert_array_equal(model.layers[0].bias.numpy(), before[1])
    # The new object's group carries a name, as Keras writes it.
    with h5py.File(out, "r") as f:
        assert f["layers/dense_1/vars"].attrs["name"] == "dense_1"


def test_add_object_accepts_a_list(saved, model, tmp_path):
    editor = KerasFileEditor(saved)
    kernel, bias = data((3, 2), seed=3), data((2,), seed=4)
    editor.delete_object("layers/dense_1")
    editor.add_object("layers/dense_1", [kernel, bias])
    assert sorted(editor.weights_dict["layers/dense_1"]) == ["0", "1"]
    editor.resave_weights(tmp_path / "list.weights.h5")
    model.load_weights(tmp_path / "list.weights.h5")
    np.testing.assert_array_equal(model.layers[1].kernel.numpy(), kernel)
    np.testing.assert_array_equal(model.layers[1].bias.numpy(), bias)


def test_delete_weight_and_add_weights(saved, model, tmp_path):
    editor = KerasFileEditor(saved)
    bias = data((3,), seed=5)
    editor.delete_weight("layers/dense", "1")
    assert sorted(editor.weights_dict["layers/dense"]) == ["0"]
    editor.add_weights("layers/dense", [bias])  # a list continues the numbering
    assert sorted(editor.weights_dict["layers/dense"]) == ["0", "1"]
    editor.delete_weight("layers/dense_1", 0)  # an int names a weight too
    kernel = data((3, 2), seed=6)
    editor.add_weights("layers/dense_1", {"0": kernel})
    editor.save(tmp_path / "w.weights.h5")

    kept = model.layers[0].kernel.numpy()
    model.load_weights(tmp_path / "w.weights.h5")
    np.testing.assert_array_equal(model.layers[0].bias.numpy(), bias)
    np.testing.assert_array_equal(model.layers[0].kernel.numpy(), kept)
    np.testing.assert_array_equal(model.layers[1].kernel.numpy(), kernel)


def test_edits_do_not_touch_the_opened_file(saved, model):
    before = saved.read_bytes()
    editor = KerasFileEditor(saved)
    editor.delete_object("layers/dense")
    editor.add_weights("layers/dense_1", {"9": np.zeros(2, "float32")})
    assert saved.read_bytes() == before
    # The caller's arrays are copied: changing them later changes nothing.
    array = np.ones((2,), "float32")
    editor.add_object("layers/new", [array])
    array[:] = 5
    np.testing.assert_array_equal(editor.weights_dict["layers/new"]["0"], np.ones(2))


def test_save_keras_archive_with_edited_weights(tmp_path, model):
    source = tmp_path / "model.keras"
    model.save(source)
    editor = KerasFileEditor(source)
    kernel, bias = data((4, 3), seed=7), data((3,), seed=8)
    editor.delete_object("layers/dense")
    editor.add_object("layers/dense", [kernel, bias])
    out = tmp_path / "edited.keras"
    editor.save(out)

    loaded = keras.saving.load_model(out)
    np.testing.assert_array_equal(loaded.layers[0].kernel.numpy(), kernel)
    np.testing.assert_array_equal(loaded.layers[0].bias.numpy(), bias)
    for got, want in zip(loaded.layers[1].weights, model.layers[1].weights):
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    x = data((5, 4), seed=9)
    expected = (x @ kernel + bias) @ model.layers[1].kernel.numpy()
    expected = expected + model.layers[1].bias.numpy()
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(loaded(x)), expected, rtol=1e-5, atol=1e-5
    )
    # Config and metadata are written back unchanged.
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(out) as b:
        for name in (keras_archive.CONFIG, keras_archive.METADATA):
            assert json.loads(a.read(name)) == json.loads(b.read(name))
        assert sorted(a.namelist()) == sorted(b.namelist())


def test_save_over_the_opened_file(tmp_path, model):
    path = tmp_path / "model.keras"
    model.save(path)
    editor = KerasFileEditor(path)
    bias = data((2,), seed=10)
    editor.delete_weight("layers/dense_1", "1")
    editor.add_weights("layers/dense_1", {"1": bias})
    editor.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_array_equal(loaded.layers[1].bias.numpy(), bias)
    assert [f for f in os.listdir(tmp_path) if f.endswith(".tmp")] == []


def test_keras_archive_can_be_resaved_as_weights(tmp_path, model):
    model.save(tmp_path / "model.keras")
    editor = KerasFileEditor(tmp_path / "model.keras")
    editor.resave_weights(tmp_path / "only.weights.h5")
    fresh = mlp()
    fresh.load_weights(tmp_path / "only.weights.h5")
    for got, want in zip(numpy_weights(fresh), numpy_weights(model)):
        np.testing.assert_array_equal(got, want)


def test_rename_object(saved, model, tmp_path):
    editor = KerasFileEditor(saved)
    stored = editor.weights_dict["layers/dense"]
    editor.rename_object("layers/dense", "layers/dense_3")
    assert "layers/dense" not in editor.weights_dict
    assert editor.weights_dict["layers/dense_3"] is stored
    assert editor.object_names["layers/dense_3"] == model.layers[0].name
    editor.save(tmp_path / "renamed.weights.h5")
    with pytest.raises(ValueError, match="could not be loaded"):
        mlp().load_weights(tmp_path / "renamed.weights.h5")
    with h5py.File(tmp_path / "renamed.weights.h5", "r") as f:
        assert "layers/dense_3/vars/0" in f and "layers/dense" not in f["layers"]
    editor.rename_object("/layers/dense_3/", "layers/dense")  # slashes are trimmed
    assert editor.compare(model)["status"] == "success"


def test_rename_moves_nested_objects(saved):
    editor = KerasFileEditor(saved)
    editor.add_object("block", [np.zeros(2, "float32")])
    editor.add_object("block/layers/dense", [np.ones(3, "float32")])
    editor.rename_object("block", "renamed")
    assert "block" not in editor.weights_dict
    assert "block/layers/dense" not in editor.weights_dict
    np.testing.assert_array_equal(
        editor.weights_dict["renamed/layers/dense"]["0"], np.ones(3)
    )
    editor.delete_object("renamed")
    assert not any(p.startswith("renamed") for p in editor.weights_dict)


def test_bfloat16_and_nested_groups_round_trip(saved, tmp_path):
    import ml_dtypes

    editor = KerasFileEditor(saved)
    values = np.arange(6, dtype="float32").reshape(2, 3).astype(ml_dtypes.bfloat16)
    editor.add_object("extra", {"0": values})
    editor.add_object("extra/vars", {"0": np.arange(3, dtype="int32")})
    editor.resave_weights(tmp_path / "b.weights.h5")
    again = KerasFileEditor(tmp_path / "b.weights.h5")
    assert again.weights_dict["extra"]["0"].dtype == values.dtype
    np.testing.assert_array_equal(
        again.weights_dict["extra"]["0"].astype("float32"), values.astype("float32")
    )
    np.testing.assert_array_equal(again.weights_dict["extra/vars"]["0"], np.arange(3))
    assert set(again.weights_dict) == set(editor.weights_dict)


# ---------------------------------------------------------------------- errors


def test_edit_errors_name_what_was_expected(saved):
    editor = KerasFileEditor(saved)
    with pytest.raises(ValueError, match=r"no object at path 'layers/dense_9'.*dense"):
        editor.rename_object("layers/dense_9", "layers/x")
    with pytest.raises(ValueError, match=r"already has an object at.*layers/dense_1"):
        editor.rename_object("layers/dense", "layers/dense_1")
    with pytest.raises(ValueError, match="no object at path 'dense'.*layers/dense"):
        editor.delete_object("dense")
    with pytest.raises(ValueError, match="already has an object.*add_weights"):
        editor.add_object("layers/dense", [np.zeros(2)])
    with pytest.raises(ValueError, match=r"no weight '7'.*\['0', '1'\]"):
        editor.delete_weight("layers/dense", "7")
    with pytest.raises(ValueError, match="no object at path"):
        editor.delete_weight("layers/nope", "0")
    with pytest.raises(ValueError, match=r"already has the weight\(s\) \['1'\]"):
        editor.add_weights("layers/dense", {"1": np.zeros(3)})
    with pytest.raises(ValueError, match="no object at path"):
        editor.add_weights("layers/nope", [np.zeros(3)])
    with pytest.raises(ValueError, match="must be numeric"):
        editor.add_object("layers/text", ["not a number"])
    with pytest.raises(ValueError, match="non-empty str without '/'"):
        editor.add_weights("layers/dense", {"a/b": np.zeros(3)})
    with pytest.raises(ValueError, match="not a valid object path"):
        editor.add_object("layers//x", [np.zeros(1)])
    with pytest.raises(TypeError, match="must be a dict"):
        editor.add_object("layers/x", np.zeros(3))
    with pytest.raises(TypeError, match="object path"):
        editor.delete_object(3)
    # Nothing was changed by the failed edits.
    assert sorted(editor.weights_dict["layers/dense"]) == ["0", "1"]
    assert "layers/x" not in editor.weights_dict


def test_save_errors(tmp_path, model):
    model.save_weights(tmp_path / "m.weights.h5")
    editor = KerasFileEditor(tmp_path / "m.weights.h5")
    with pytest.raises(ValueError, match=r"has no model config.*\.weights\.h5"):
        editor.save(tmp_path / "out.keras")
    with pytest.raises(ValueError, match=r"expected a path ending in '\.weights\.h5'"):
        editor.save(tmp_path / "out.h5")
    with pytest.raises(ValueError, match=r"must end in '\.weights\.h5'"):
        editor.resave_weights(tmp_path / "out.keras")
    assert sorted(os.listdir(tmp_path)) == ["m.weights.h5"]


def test_open_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.weights.h5"):
        KerasFileEditor(tmp_path / "nope.weights.h5")
    with pytest.raises(FileNotFoundError, match="nope.keras"):
        KerasFileEditor(tmp_path / "nope.keras")
    with pytest.raises(ValueError, match=r"expected a path ending in '\.keras'"):
        KerasFileEditor(tmp_path / "model.npz")
    with pytest.raises(ValueError, match="legacy Keras 2"):
        KerasFileEditor(tmp_path / "model.h5")
    bad = tmp_path / "bad.weights.h5"
    bad.write_bytes(b"not hdf5 at all")
    with pytest.raises(ValueError, match="not a readable HDF5"):
        KerasFileEditor(bad)
    bad = tmp_path / "bad.keras"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="not a valid .keras archive"):
        KerasFileEditor(bad)
    with pytest.raises(TypeError, match="path"):
        KerasFileEditor(42)


def test_archive_safety_checks_apply(tmp_path, model):
    path = tmp_path / "model.keras"
    model.save(path)
    with zipfile.ZipFile(path) as a:
        members = {n: a.read(n) for n in a.namelist()}
    unsafe = tmp_path / "unsafe.keras"
    with zipfile.ZipFile(unsafe, "w") as z:
        for name, value in members.items():
            z.writestr(name, value)
        z.writestr("../evil.txt", b"x")
    with pytest.raises(ValueError, match="not a safe .keras archive"):
        KerasFileEditor(unsafe)
    no_weights = tmp_path / "no_weights.keras"
    with zipfile.ZipFile(no_weights, "w") as z:
        z.writestr(keras_archive.CONFIG, members[keras_archive.CONFIG])
    with pytest.raises(ValueError, match="model.weights.h5"):
        KerasFileEditor(no_weights)
    corrupt = tmp_path / "corrupt.keras"
    with zipfile.ZipFile(corrupt, "w") as z:
        z.writestr(keras_archive.CONFIG, members[keras_archive.CONFIG])
        z.writestr(keras_archive.WEIGHTS, b"not hdf5")
    with pytest.raises(ValueError, match="model.weights.h5.*not a readable HDF5"):
        KerasFileEditor(corrupt)


def test_files_outside_the_keras3_layout_are_refused(tmp_path):
    legacy = tmp_path / "legacy.weights.h5"
    with h5py.File(legacy, "w") as f:
        f.attrs["layer_names"] = [b"dense"]
        f.create_dataset("dense/kernel", data=np.zeros(2))
    with pytest.raises(ValueError, match="legacy Keras 2"):
        KerasFileEditor(legacy)
    stray = tmp_path / "stray.weights.h5"
    with h5py.File(stray, "w") as f:
        f.create_group("vars")
        f.create_dataset("layers/dense/kernel", data=np.zeros(2))
    with pytest.raises(ValueError, match="outside any 'vars' group"):
        KerasFileEditor(stray)
    linked = tmp_path / "linked.weights.h5"
    with h5py.File(linked, "w") as f:
        f.create_group("vars")
        f["layers/dense/vars"] = h5py.ExternalLink("other.h5", "/vars")
    with pytest.raises(ValueError, match="ExternalLink"):
        KerasFileEditor(linked)
    text = tmp_path / "text.weights.h5"
    with h5py.File(text, "w") as f:
        f.create_dataset("layers/dense/vars/0", data=np.array([b"abc"]))
    with pytest.raises(ValueError, match="numeric"):
        KerasFileEditor(text)
