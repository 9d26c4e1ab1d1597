"""`import keras` is cheap and lazy; the backend is picked from env or keras.json."""

import json
import os
import subprocess
import sys

import pytest

ENGINES = {
    "numpy": None,
    "jax": "jax",
    "torch": "torch",
    "tensorflow": "tensorflow",
    "openvino": "openvino",
}


def run_python(code, env_update=None, home=None):
    env = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    if home is not None:
        env["KERAS_HOME"] = str(home)
    env.update(env_update or {})
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )


def test_import_loads_no_engine_and_no_namespace(tmp_path):
    code = (
        "import sys, keras\n"
        "heavy = {'jax', 'torch', 'tensorflow', 'openvino', 'keras.backends.active',"
        " 'keras.ops', 'keras.layers', 'keras.config'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = run_python(code, {"KERAS_BACKEND": "torch"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


LIST_ENGINES = (
    "print(','.join(m for m in ('jax', 'torch', 'tensorflow', 'openvino')"
    " if m in sys.modules))\n"
)


def test_backend_loads_only_its_engine_on_first_use(tmp_path):
    backend = os.environ.get("KERAS_BACKEND", "jax")
    code = "import sys, keras\nkeras.Variable(1.0)\n" + LIST_ENGINES
    result = run_python(code, {"KERAS_BACKEND": backend}, tmp_path)
    assert result.returncode == 0, result.stderr
    # What the engine imports by itself (TensorFlow loads jax when it is installed).
    engine = ENGINES[backend] or "numpy"
    alone = run_python(f"import sys, {engine}\n" + LIST_ENGINES, home=tmp_path)
    assert alone.returncode == 0, alone.stderr
    assert result.stdout == alone.stdout
    if ENGINES[backend]:
        assert ENGINES[backend] in result.stdout.strip().split(",")


@pytest.mark.parametrize("backend", sorted(ENGINES))
def test_backend_from_environment_variable(backend, tmp_path):
    code = "import keras; print(keras.backend.backend(), keras.config.backend())"
    result = run_python(code, {"KERAS_BACKEND": backend}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [backend, backend]


def test_backend_from_keras_json_then_default(tmp_path):
    code = "import keras; print(keras.backend.backend(), keras.config.floatx())"
    result = run_python(code, home=tmp_path)
    assert result.stdout.split() == ["jax", "float32"], result.stderr
    (tmp_path / "keras.json").write_text(
        json.dumps({"backend": "numpy", "floatx": "float16"})
    )
    result = run_python(code, home=tmp_path)
    assert result.stdout.split() == ["numpy", "float16"], result.stderr
    # The environment variable wins over the file.
    result = run_python(code, {"KERAS_BACKEND": "torch"}, tmp_path)
    assert result.stdout.split() == ["torch", "float16"], result.stderr


def test_unknown_backend_is_a_clear_error(tmp_path):
    result = run_python("import keras", {"KERAS_BACKEND": "theano"}, tmp_path)
    assert result.returncode != 0
    assert "Unknown backend 'theano'" in result.stderr
    assert "numpy, jax, torch, tensorflow, openvino" in result.stderr


def test_corrupt_keras_json_is_a_clear_error(tmp_path):
    (tmp_path / "keras.json").write_text("{not json")
    result = run_python("import keras", home=tmp_path)
    assert result.returncode != 0
    assert "keras.json" in result.stderr and "JSON" in result.stderr


def test_set_backend_switches_the_engine(tmp_path):
    code = (
        "import keras\n"
        "a = keras.Variable([1.0, 2.0])\n"
        "keras.config.set_backend('numpy')\n"
        "b = keras.Variable([1.0, 2.0])\n"
        "print(keras.backend.backend(), type(b.value).__module__)\n"
    )
    result = run_python(code, {"KERAS_BACKEND": "jax"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["numpy", "numpy"]
