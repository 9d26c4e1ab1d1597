"""The Bazel-built wheel installs offline into a fresh venv and imports from there."""

import glob
import os
import subprocess
import sys
import sysconfig
import zipfile


def find_wheel():
    found = glob.glob(os.path.join(os.getcwd(), "keras-*.whl"))
    assert len(found) == 1, f"expected one wheel in the runfiles, found {found}"
    return found[0]


def test_wheel_contents():
    with zipfile.ZipFile(find_wheel()) as wheel:
        names = wheel.namelist()
        metadata = wheel.read(
            next(n for n in names if n.endswith(".dist-info/METADATA"))
        ).decode()
        wheel_file = wheel.read(
            next(n for n in names if n.endswith(".dist-info/WHEEL"))
        ).decode()
    assert "keras/__init__.py" in names
    assert "keras/backends/torch/core.py" in names
    # The fused kernels: their Python glue and both compiled libraries.
    assert "kernels/bindings/install.py" in names
    assert "kernels/bindings/_keras_kernels_cpu.so" in names
    assert "kernels/bindings/_keras_kernels_tf.so" in names
    assert "Root-Is-Purelib: false" in wheel_file
    assert not [n for n in names if n.endswith("_test.py")], "tests leaked into the wheel"
    assert "Name: keras" in metadata


def test_install_into_fresh_venv_and_import(tmp_path):
    wheel = find_wheel()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable, "-m", "pip", "--python", str(python), "install",
            "--no-index", "--no-deps", "--quiet", "--disable-pip-version-check", wheel,
        ],
        check=True,
    )
    # The engines come from the project env, appended after the venv's own packages.
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    with open(os.path.join(site_packages, "project_env.pth"), "w") as f:
        f.write(sysconfig.get_paths()["purelib"] + "\n")
    backend = os.environ.get("KERAS_BACKEND", "jax")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "KERAS_BACKEND": backend}
    code = (
        "import keras\n"
        "v = keras.Variable([1.0, 2.0])\n"
        "if keras.backend.backend() != 'openvino':\n"
        "    import numpy as np\n"
        "    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n"
        "    m.save('m.keras')\n"
        "    x = np.ones((1, 3), 'float32')\n"
        "    back = keras.saving.load_model('m.keras')\n"
        "    assert np.allclose(back.predict(x, verbose=0), m.predict(x, verbose=0))\n"
        "    from keras.backends import active\n"
        "    from kernels.bindings import library\n"
        "    rows = active.fast_paths()\n"
        "    kernels = sorted(r['name'] for r in rows if r['kind'] == 'kernel' and r['active'])\n"
        "    assert 'nn.layer_normalization' in kernels, rows\n"
        "    assert 'nn.dot_product_attention' in kernels, rows\n"
        "    x = np.random.default_rng(0).normal(size=(4, 32)).astype('float32')\n"
        "    entry = [e for e in active.registry.entries('nn.layer_normalization')\n"
        "             if e.kind == 'kernel'][0]\n"
        "    # torch's entry leaves float32 layer norm to F.layer_norm; `kernel` is the\n"
        "    # kernel's own entry.\n"
        "    kernel = getattr(entry.function, 'kernel', entry.function)\n"
        "    assert kernel(keras.ops.convert_to_tensor(x)) is not NotImplemented\n"
        "    print(library.cpu().__file__)\n"
        "print(keras.__file__)\n"
        "print(keras.backend.backend(), keras.__version__, v.numpy().sum())\n"
    )
    result = subprocess.run(
        [str(python), "-I", "-c", code],
        env=env, cwd=tmp_path, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    keras_file, summary = lines[-2:]
    assert keras_file.startswith(site_packages), keras_file
    if backend != "openvino":
        # The kernel path is taken, with the library the wheel installed.
        assert lines[-3].startswith(site_packages), lines[-3]
    assert summary.split()[0] == backend
    assert summary.split()[2] == "3.0"
