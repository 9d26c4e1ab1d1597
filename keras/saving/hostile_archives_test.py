"""Hostile `.keras` archives and configs (issue 12, items 3, 4, 5, 6 and 10).

Item 3: `load_weights("x.keras")` reads the archive through the same checks as
`load_model`. Item 4: a member whose header understates its size costs at most that
size. Item 5: error messages stay short however deeply the config nests. Item 6: deep
nesting is a ValueError naming the file, never a RecursionError. Item 10: stale
temporary files are removed, configs import only public namespaces, and safe mode
loads only serializable functions. Every crafted file is also loaded in a subprocess
that measures the peak memory and time of each load.
"""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import keras
from keras import layers
from keras.saving import hostile_files as hf
from keras.saving import serialization_lib
from keras.saving.file_editor import KerasFileEditor

BOMB_BYTES = 288 * 2**20


def nested(depth, leaf):
    """`leaf` inside `depth` dicts: {"a": {"a": ... leaf}}."""
    for _ in range(depth):
        leaf = {"a": leaf}
    return leaf


def zeros_member(name, declared=None):
    """A member whose raw deflate stream inflates to BOMB_BYTES of zeros; its header
    declares `declared` bytes (the true size when None)."""
    payload = hf.deflate_zeros(BOMB_BYTES, raw=True)
    if declared is None:
        return (name, payload, 8, hf.crc_of_zeros(BOMB_BYTES), BOMB_BYTES)
    return (name, payload, 8, 0, declared)


class Archives:
    """The crafted archives of this file, made from one model with seeded weights."""

    def __init__(self, folder):
        self.folder = folder
        model = hf.mlp()
        self.values = hf.trained_values(model, seed=0)
        good = os.path.join(folder, "good.keras")
        model.save(good)
        self.contents = hf.archive_members(good)
        self.config = json.loads(self.contents["config.json"])
        other = hf.mlp()
        hf.trained_values(other, seed=1)
        other_path = os.path.join(folder, "other.weights.h5")
        other.save_weights(other_path)
        self.other_weights = hf.weights_bytes(other_path)

    def path(self, name):
        return os.path.join(self.folder, f"{name}.keras")

    def write(self, name, replace=None, drop=(), extra=()):
        contents = {k: v for k, v in self.contents.items() if k not in drop}
        contents.update(replace or {})
        return hf.write_archive(self.path(name), contents, extra)

    def with_config(self, name, config):
        text = config if isinstance(config, str) else json.dumps(config)
        return self.write(name, {"config.json": text.encode("utf-8")})

    def dense_config(self):
        """A copy of the config and the first Dense layer's entry in it."""
        config = json.loads(json.dumps(self.config))
        return config, config["config"]["layers"][1]


def make_archives(archives):
    """{name: (path, loaders)} of every crafted archive."""
    a = archives
    made = {}
    bomb = a.write("bomb", drop=["model.weights.h5"], extra=[zeros_member(hf.WEIGHTS)])
    made["bomb"] = (bomb, ["load_weights", "load_model", "editor"])
    twice = a.write("duplicate", extra=[hf.member(hf.WEIGHTS, a.other_weights)])
    made["duplicate"] = (twice, ["load_weights", "load_model", "editor"])
    escape = a.write("escape", extra=[hf.member("../../escape.txt", b"payload")])
    made["escape"] = (escape, ["load_weights", "load_model", "editor"])
    config = a.write(
        "understated_config",
        drop=["config.json"],
        extra=[zeros_member("config.json", declared=64)],
    )
    made["understated_config"] = (config, ["load_model", "editor"])
    weights = a.write(
        "understated_weights",
        drop=["model.weights.h5"],
        extra=[zeros_member(hf.WEIGHTS, declared=64)],
    )
    made["understated_weights"] = (weights, ["load_weights", "load_model", "editor"])
    # Item 5: an unknown layer holding a large list, inside 40 nested Sequentials.
    inner = {
        "module": "keras.layers",
        "class_name": "NoSuchLayer",
        "config": {"name": "unknown", "payload": [0] * 200_000},
        "registered_name": None,
    }
    for level in range(40):
        inner = {
            "module": "keras",
            "class_name": "Sequential",
            "config": {"name": f"level_{level}", "layers": [inner]},
            "registered_name": None,
        }
    made["nested_unknown"] = (a.with_config("nested_unknown", inner), ["load_model"])
    # Item 6: nesting deeper than Python's recursion limit.
    brackets = a.with_config("brackets", "[" * 200_000)
    made["brackets"] = (brackets, ["load_model", "editor"])
    config, dense = a.dense_config()
    dense["build_config"] = nested(900, {"input_shape": [None, 4]})
    made["deep_build_config"] = (
        a.with_config("deep_build_config", config),
        ["load_model", "editor"],
    )
    config, dense = a.dense_config()
    dense["config"]["kernel_initializer"]["config"] = nested(900, 1)
    made["deep_initializer"] = (
        a.with_config("deep_initializer", config),
        ["load_model", "editor"],
    )
    # Item 7: a kernel no engine can hold (jax aborted the interpreter).
    config, dense = a.dense_config()
    dense["config"]["units"] = 2**62
    made["huge_units"] = (a.with_config("huge_units", config), ["load_model"])
    return {name: (os.fspath(path), loaders) for name, (path, loaders) in made.items()}


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    """The Archives, {name: (path, loaders)} and the measured loads {case: result}."""
    archives = Archives(os.fspath(tmp_path_factory.mktemp("hostile_archives")))
    made = make_archives(archives)
    cases = [(loader, path) for path, loaders in made.values() for loader in loaders]
    results = dict(zip(cases, hf.measure(cases)))
    return archives, made, results


def check_measured(crafted, *names):
    """The limits of the issue for every measured load of the archives `names`."""
    _, made, results = crafted
    chosen = [(loader, made[n][0]) for n in names for loader in made[n][1]]
    hf.check_results(chosen, [results[case] for case in chosen])


def load(loader, path):
    if loader == "load_weights":
        model = hf.mlp()
        hf.trained_values(model, seed=5)
        before = model.get_weights()
        try:
            model.load_weights(path)
        finally:
            for now, then in zip(model.get_weights(), before):
                np.testing.assert_array_equal(now, then)
    elif loader == "load_model":
        keras.saving.load_model(path)
    else:
        KerasFileEditor(path)


def test_crafted_archives_are_under_a_megabyte(crafted):
    _, made, _ = crafted
    for path, _ in made.values():
        assert os.path.getsize(path) < 2**20, path


@pytest.mark.parametrize(
    "name, pattern",
    [
        ("bomb", r"would inflate from [\d,]+ to 30\d,\d{3},\d{3} bytes .*bomb"),
        ("duplicate", r"the member 'model.weights.h5' appears twice"),
        ("escape", r"member named '../../escape.txt'"),
    ],
)
def test_load_weights_reads_archives_through_the_archive_checks(crafted, name, pattern):
    # Item 3: load_weights opened the zip itself: the bomb inflated in full, the
    # second weights member was used silently and the escaping name was accepted.
    _, made, _ = crafted
    path, loaders = made[name]
    for loader in loaders:
        with pytest.raises(ValueError, match=pattern) as info:
            load(loader, path)
        assert os.path.basename(path) in str(info.value)
    check_measured(crafted, name)


def test_understated_member_sizes_cost_at_most_the_declared_size(crafted):
    # Item 4: a header declaring 64 bytes for 288 MB of zeros made ZipFile.read
    # inflate up to 2 GB before its CRC check.
    _, made, _ = crafted
    for name in ("understated_config", "understated_weights"):
        path, loaders = made[name]
        for loader in loaders:
            with pytest.raises(ValueError, match="is corrupted or truncated"):
                load(loader, path)
    check_measured(crafted, "understated_config", "understated_weights")


def test_error_messages_do_not_grow_with_nesting(crafted):
    # Item 5: every level of nesting quoted its whole config again (143 million
    # characters and ~3 GB from a 6 KB file).
    _, made, _ = crafted
    path, _ = made["nested_unknown"]
    with pytest.raises(TypeError, match="Could not locate class 'NoSuchLayer'") as info:
        keras.saving.load_model(path)
    message = str(info.value)
    assert len(message) < 1000
    assert message.count("payload") == 1
    check_measured(crafted, "nested_unknown")


def test_deep_nesting_is_a_value_error_naming_the_file(crafted):
    # Item 6: RecursionError escaped from json.loads and from the rebuilding.
    _, made, _ = crafted
    for name in ("brackets", "deep_build_config", "deep_initializer"):
        path, loaders = made[name]
        for loader in loaders:
            with pytest.raises(ValueError, match="deeper than the limit of 200") as e:
                load(loader, path)
            assert os.path.basename(path) in str(e.value)
    with pytest.raises(ValueError, match="JSON string nests .* limit of 200"):
        keras.models.model_from_json("[" * 200_000)
    check_measured(crafted, "brackets", "deep_build_config", "deep_initializer")


def test_layer_arguments_too_large_for_any_engine_are_a_clear_error(crafted):
    _, made, _ = crafted
    path, _ = made["huge_units"]
    pattern = r"the kernel shape=\(4, 4611686018427387904\)"
    with pytest.raises(ValueError, match=pattern):
        keras.saving.load_model(path)
    check_measured(crafted, "huge_units")


def test_nesting_a_real_model_config_allows_loads(tmp_path):
    # The depth limit leaves room for models nested several times.
    model = hf.mlp()
    values = hf.trained_values(model)
    for _ in range(8):
        model = keras.Sequential([keras.Input((4,)), model])
    model.save(tmp_path / "nested.keras")
    restored = keras.saving.load_model(tmp_path / "nested.keras")
    for now, then in zip(restored.get_weights(), values):
        np.testing.assert_array_equal(now, then)


def test_stale_temporary_files_are_removed_by_the_next_save(tmp_path):
    # Item 10: a save killed before its rename left its temporary file forever.
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = [
            tmp_path / f".m.keras.{finished.pid}.{'a' * 32}.tmp",
            tmp_path / f".m.weights.h5.{finished.pid}.{'b' * 32}.tmp",
        ]
        kept = [
            # A save in progress in another process.
            tmp_path / f".m.keras.{running.pid}.{'c' * 32}.tmp",
            # Another file's temporary, and a file that only looks alike.
            tmp_path / f".n.keras.{finished.pid}.{'d' * 32}.tmp",
            tmp_path / f".m.keras.{finished.pid}.notours.tmp",
        ]
        for path in stale + kept:
            path.write_bytes(b"partial")
        model = hf.mlp()
        model.save(tmp_path / "m.keras")
        model.save_weights(tmp_path / "m.weights.h5")
        assert [p.name for p in stale if p.exists()] == []
        assert [p.name for p in kept if not p.exists()] == []
        assert keras.saving.load_model(tmp_path / "m.keras").count_params() == 23
    finally:
        running.kill()
        running.wait()


def test_configs_import_only_public_keras_namespaces(tmp_path):
    # Item 10: naming any keras module imported it (under numpy, naming
    # keras.backends.torch.core imported torch).
    modules = [
        f"keras.backends.{name}.core"
        for name in ("torch", "tensorflow", "openvino", "jax", "numpy")
    ]
    module = next(m for m in modules if m not in sys.modules)
    config = {"module": module, "class_name": "Variable", "config": {}}
    with pytest.raises(TypeError, match="Could not locate class 'Variable'"):
        keras.saving.deserialize_keras_object(config)
    assert module not in sys.modules
    # Public namespaces and the private modules Keras 3 writes still resolve.
    for name in ("keras.layers", "keras.src.layers.core.dense"):
        found = keras.saving.deserialize_keras_object(
            {"module": name, "class_name": "Dense", "config": {"units": 2}}
        )
        assert isinstance(found, layers.Dense) and found.units == 2


def test_safe_mode_loads_only_serializable_functions(tmp_path):
    # Item 10: a Lambda's function could be any keras function, called at load time
    # with arguments from the file.
    inputs = keras.Input((3,))
    model = keras.Model(inputs, layers.Lambda(keras.activations.relu)(inputs))
    path = tmp_path / "lambda.keras"
    model.save(path)
    x = np.array([[-1.5, 0.5, 2.0]], "float32")
    restored = keras.saving.load_model(path)
    result = keras.ops.convert_to_numpy(restored(x))
    np.testing.assert_array_equal(result, np.maximum(x, 0))
    contents = hf.archive_members(path)
    config = json.loads(contents["config.json"])
    function = config["config"]["layers"][1]["config"]["function"]
    assert function["module"] == "keras.activations"
    function.update(module="keras.ops", config="abs", registered_name="abs")
    contents["config.json"] = json.dumps(config).encode("utf-8")
    crafted = hf.write_archive(tmp_path / "ops.keras", contents)
    refused = "Refusing to load the function 'abs' of 'keras.ops'"
    with pytest.raises(ValueError, match=refused) as info:
        keras.saving.load_model(crafted)
    assert "ops.keras" in str(info.value)
    restored = keras.saving.load_model(crafted, safe_mode=False)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(restored(x)), np.abs(x))
    function = {"module": "keras.ops", "class_name": "function", "config": "abs"}
    with pytest.raises(ValueError, match="safe mode"):
        serialization_lib.deserialize_keras_object(function)
    assert serialization_lib.deserialize_keras_object(function, safe_mode=False) is (
        keras.ops.abs
    )
