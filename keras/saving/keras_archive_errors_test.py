"""Bad `.keras` files: each gives a clear error, writes nothing outside its target, and
an interrupted save leaves the previous file intact."""

import io
import json
import os
import zipfile

import numpy as np
import pytest

import keras
from keras import layers
from keras.backends import active
from keras.saving import archive_reader
from keras.saving import keras_archive
from keras.saving import weights_file


def mlp(units=3):
    model = keras.Sequential(
        [keras.Input((4,)), layers.Dense(units, activation="relu"), layers.Dense(2)]
    )
    return model


def members(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(path, new_members, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in new_members.items():
            archive.writestr(name, data)


def listing(folder):
    """Every file under `folder`, recursively."""
    return sorted(
        os.path.relpath(os.path.join(root, f), folder)
        for root, _, files in os.walk(folder)
        for f in files
    )


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "work" / "good.keras"
    path.parent.mkdir()
    mlp().save(path)
    return path


@pytest.mark.parametrize(
    "evil",
    ["../escape.txt", "/etc/evil.txt", "assets/../../escape.txt", "assets\\..\\evil.txt", "C:/x.txt"],
)
def test_member_names_that_leave_the_archive_are_refused(tmp_path, good, evil):
    content = members(good)
    content[evil] = b"payload"
    bad = tmp_path / "work" / "bad.keras"
    rewrite(bad, content)
    before = listing(tmp_path)
    with pytest.raises(ValueError, match=r"not a safe \.keras archive.*" + "member named"):
        keras.saving.load_model(bad)
    assert listing(tmp_path) == before
    assert not (tmp_path / "escape.txt").exists()


def test_duplicate_members_are_refused(tmp_path, good):
    content = members(good)
    bad = tmp_path / "dup.keras"
    with zipfile.ZipFile(bad, "w") as archive:
        for name, data in content.items():
            archive.writestr(name, data)
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("config.json", b"{}")
    with pytest.raises(ValueError, match="'config.json' appears twice"):
        keras.saving.load_model(bad)


def test_decompression_bomb_is_refused_without_inflating(tmp_path, good, monkeypatch):
    content = members(good)
    # 200 MB of zeros deflate to about 200 KB.
    content["config.json"] = b" " * (200 * 2**20)
    bomb = tmp_path / "bomb.keras"
    rewrite(bomb, content)
    assert bomb.stat().st_size < 2**20
    # The whole archive's ratio gives it away when it is opened.
    with pytest.raises(ValueError, match=r"inflate from .* \(ratio .*bomb"):
        keras.saving.load_model(bomb)
    # So does one member's ratio, and its declared size above the limit.
    monkeypatch.setattr(archive_reader, "MIN_RATIO_CHECK_BYTES", 2**40)
    with pytest.raises(ValueError, match=r"would inflate to 209,715,200 bytes.*limit"):
        keras.saving.load_model(bomb)
    monkeypatch.undo()
    # Beside 2.5 MB of incompressible data the archive's ratio looks harmless, but
    # the member's does not.
    content["assets/noise.bin"] = np.random.default_rng(0).bytes(5 * 2**19)
    rewrite(bomb, content)
    monkeypatch.setattr(archive_reader, "MAX_JSON_BYTES", 2**30)
    with pytest.raises(ValueError, match="member 'config.json'.*decompression bomb"):
        keras.saving.load_model(bomb)


def test_truncated_archive(tmp_path, good):
    data = good.read_bytes()
    for cut in (len(data) // 2, len(data) - 10, 30):
        bad = tmp_path / f"cut{cut}.keras"
        bad.write_bytes(data[:cut])
        with pytest.raises(ValueError, match="not a valid .keras archive|corrupted|truncated"):
            keras.saving.load_model(bad)


def test_not_a_zip_and_missing_members(tmp_path, good):
    text = tmp_path / "text.keras"
    text.write_text("hello")
    with pytest.raises(ValueError, match=r"not a valid \.keras archive \(a zip file\)"):
        keras.saving.load_model(text)
    content = members(good)
    for missing in ("config.json", "model.weights.h5"):
        partial = dict(content)
        del partial[missing]
        bad = tmp_path / f"no_{missing}.keras"
        rewrite(bad, partial)
        with pytest.raises(ValueError, match=f"has no '{missing}'"):
            keras.saving.load_model(bad)


def test_corrupt_members(tmp_path, good):
    content = members(good)
    cases = {
        "json": {"config.json": b"{not json"},
        "list": {"config.json": b"[1, 2]"},
        "h5": {"model.weights.h5": b"\x89HDF\r\n garbage"},
        "metadata": {"metadata.json": b'"just a string"'},
    }
    messages = {
        "json": "'config.json' is not valid JSON",
        "list": "config.json must hold a serialized model",
        "h5": "not a readable HDF5",
        "metadata": "metadata.json must hold a JSON object",
    }
    for case, change in cases.items():
        bad = tmp_path / f"{case}.keras"
        rewrite(bad, {**content, **change})
        with pytest.raises(ValueError, match=messages[case]):
            keras.saving.load_model(bad)


def test_corrupted_bytes_fail_the_crc(tmp_path, good):
    content = members(good)
    bad = tmp_path / "crc.keras"
    rewrite(bad, content, compression=zipfile.ZIP_STORED)
    data = bytearray(bad.read_bytes())
    start = data.find(b'"class_name"')
    data[start + 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="corrupted or truncated|not valid JSON"):
        keras.saving.load_model(bad)


def test_unknown_class_and_wrong_types(tmp_path, good):
    content = members(good)
    config = json.loads(content["config.json"])
    config["config"]["layers"][1]["class_name"] = "NoSuchLayer"
    bad = tmp_path / "unknown.keras"
    rewrite(bad, {**content, "config.json": json.dumps(config)})
    with pytest.raises(TypeError, match="Could not locate class 'NoSuchLayer'"):
        keras.saving.load_model(bad)
    # A config that names something that is not a model.
    not_model = {"module": "keras.initializers", "class_name": "Zeros", "config": {}}
    bad = tmp_path / "zeros.keras"
    rewrite(bad, {**content, "config.json": json.dumps(not_model)})
    with pytest.raises(ValueError, match="describes a Zeros, not a model"):
        keras.saving.load_model(bad)
    # A module outside keras is never imported.
    outside = {"module": "os", "class_name": "system", "config": {}}
    bad = tmp_path / "os.keras"
    rewrite(bad, {**content, "config.json": json.dumps(outside)})
    with pytest.raises(TypeError, match="Could not locate class 'system'"):
        keras.saving.load_model(bad)


def test_lambda_is_refused_in_safe_mode(tmp_path):
    inputs = keras.Input((3,))
    model = keras.Model(inputs, layers.Lambda(lambda x: x * 3.0 + 1.0)(inputs))
    path = tmp_path / "lambda.keras"
    model.save(path)
    with pytest.raises(ValueError, match="safe_mode=False"):
        keras.saving.load_model(path)
    loaded = keras.saving.load_model(path, safe_mode=False)
    x = np.ones((2, 3), "float32")
    np.testing.assert_allclose(active.convert_to_numpy(loaded(x)), 4.0 * x)


def test_weights_shape_mismatch_names_the_layer_and_shapes(tmp_path, good):
    content = members(good)
    config = json.loads(content["config.json"])
    config["config"]["layers"][1]["config"]["units"] = 5
    config["config"]["layers"][2]["build_config"] = {"input_shape": [None, 5]}
    bad = tmp_path / "mismatch.keras"
    rewrite(bad, {**content, "config.json": json.dumps(config)})
    with pytest.raises(ValueError) as error:
        keras.saving.load_model(bad)
    message = str(error.value)
    assert "layers/dense/vars" in message
    assert "(4, 5)" in message and "(4, 3)" in message


def test_interrupted_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "model.keras"
    old = mlp()
    old.save(path)
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(keras_archive, "_write_zip", crash)
    with pytest.raises(KeyboardInterrupt):
        mlp().save(path)
    assert path.read_bytes() == before
    assert listing(tmp_path) == ["model.keras"]  # no temporary file left behind

    # A failure while the weights are being written, too.
    monkeypatch.undo()
    monkeypatch.setattr(weights_file, "write_state", crash)
    with pytest.raises(KeyboardInterrupt):
        mlp().save(path)
    assert path.read_bytes() == before
    assert listing(tmp_path) == ["model.keras"]
    restored = keras.saving.load_model(path)
    for a, b in zip(restored.get_weights(), old.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_save_into_a_file_object_is_complete():
    buffer = io.BytesIO()
    mlp().save(buffer)
    assert zipfile.is_zipfile(io.BytesIO(buffer.getvalue()))


@pytest.mark.parametrize("kind", ["functional", "sequential"])
def test_unknown_class_error_names_the_class_module_and_place(kind):
    # Issue 14, bug 4: the message named the class but not where it is, and quoted
    # the model config at length.
    if kind == "functional":
        inputs = keras.Input((8,))
        h = inputs
        for i in range(6):
            h = keras.layers.Dense(16, activation="relu", name=f"dense_{i}")(h)
        model = keras.Model(inputs, keras.layers.Dense(1, name="head")(h))
        index = 3  # layers[0] is the InputLayer
    else:
        model = keras.Sequential(
            [keras.Input((8,))]
            + [keras.layers.Dense(16, name=f"dense_{i}") for i in range(6)]
        )
        index = 3  # so is the Sequential's InputLayer
    config = json.loads(model.to_json())
    config["config"]["layers"][index]["class_name"] = "Dancing"
    with pytest.raises(TypeError) as info:
        keras.models.model_from_json(json.dumps(config))
    message = str(info.value)
    assert "'Dancing'" in message and "'keras.layers'" in message
    assert "'dense_2'" in message and f"layers[{index}]" in message
    assert len(message) < 1000
    assert message.count("'Dancing'") <= 2  # named once, quoted at most once
