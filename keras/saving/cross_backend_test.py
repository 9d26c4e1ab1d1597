"""A `.keras` file saved under each backend loads under the backend of this run.

Run under every --config, this covers every (saved under, loaded under) pair. The files
are written by fresh subprocesses, one per backend, each with its own KERAS_BACKEND.
"""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import keras

WRITERS = ["numpy", "jax", "torch", "tensorflow", "openvino"]
TRAINERS = [b for b in WRITERS if b not in ("numpy", "openvino")]
LOADER_TRAINS = keras.backend.backend() not in ("numpy", "openvino")

SCRIPT = textwrap.dedent(
    """
    import os, sys
    import numpy as np
    import keras
    from keras import layers

    out, backend = sys.argv[1], sys.argv[2]
    assert keras.backend.backend() == backend, keras.backend.backend()
    rng = np.random.default_rng(5)
    tokens = keras.Input((6,), dtype="int32", name="tokens")
    features = keras.Input((4,), name="features")
    a = layers.Flatten()(layers.Embedding(30, 4)(tokens))
    a = layers.Dropout(0.2)(layers.Dense(8, activation="relu")(a))
    b = layers.Dense(8, activation="tanh")(features)
    out_main = layers.Dense(3, activation="softmax", name="main")(layers.Concatenate()([a, b]))
    model = keras.Model([tokens, features], out_main)
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.weights])
    x = [rng.integers(0, 30, (5, 6)).astype("int32"), rng.standard_normal((5, 4)).astype("float32")]
    model.save(os.path.join(out, f"functional_{backend}.keras"))
    arrays = {"x_tokens": x[0], "x_features": x[1], "y_pred": model.predict(x, verbose=0)}
    if backend not in ("numpy", "openvino"):
        mlp = keras.Sequential([keras.Input((5,)), layers.Dense(8, activation="relu"), layers.Dense(2)])
        mlp.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in mlp.weights])
        mlp.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
        xt = rng.standard_normal((32, 5)).astype("float32")
        yt = rng.standard_normal((32, 2)).astype("float32")
        mlp.fit(xt, yt, batch_size=8, epochs=2, shuffle=False, verbose=0)
        mlp.save(os.path.join(out, f"compiled_{backend}.keras"))
        arrays.update(x_train=xt, y_train=yt, mlp_pred=mlp.predict(xt, verbose=0))
        for i, v in enumerate(mlp.optimizer.variables):
            arrays[f"opt{i}"] = np.asarray(v.numpy())
        loss = mlp.fit(xt, yt, batch_size=8, epochs=1, shuffle=False, verbose=0).history["loss"][0]
        arrays["after_loss"] = np.float32(loss)
        for i, w in enumerate(mlp.get_weights()):
            arrays[f"after_w{i}"] = w
    np.savez(os.path.join(out, f"expected_{backend}.npz"), **arrays)
    """
)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("cross_backend")
    processes = {}
    for backend in WRITERS:
        env = dict(os.environ, KERAS_BACKEND=backend, PYTHONPATH=os.pathsep.join(sys.path))
        processes[backend] = subprocess.Popen(
            [sys.executable, "-c", SCRIPT, str(out), backend],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    for backend, process in processes.items():
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, f"writer under {backend} failed:\n{stderr[-3000:]}"
    return out


def expected(out, backend):
    with np.load(out / f"expected_{backend}.npz") as z:
        return {k: z[k] for k in z.files}


@pytest.mark.parametrize("saved_under", WRITERS)
def test_functional_saved_under_each_backend_loads_here(written, saved_under):
    arrays = expected(written, saved_under)
    model = keras.saving.load_model(written / f"functional_{saved_under}.keras")
    x = [arrays["x_tokens"], arrays["x_features"]]
    np.testing.assert_allclose(model.predict(x, verbose=0), arrays["y_pred"], rtol=0, atol=1e-5)


@pytest.mark.parametrize("saved_under", TRAINERS)
def test_compiled_model_saved_under_each_backend_keeps_its_optimizer_here(written, saved_under):
    arrays = expected(written, saved_under)
    model = keras.saving.load_model(written / f"compiled_{saved_under}.keras")
    np.testing.assert_allclose(
        model.predict(arrays["x_train"], verbose=0), arrays["mlp_pred"], rtol=0, atol=1e-5
    )
    state = [np.asarray(v.numpy()) for v in model.optimizer.variables]
    assert len(state) == sum(1 for k in arrays if k.startswith("opt"))
    for i, value in enumerate(state):
        np.testing.assert_allclose(value, arrays[f"opt{i}"], rtol=1e-6, atol=0)
    assert int(state[0]) == 8
    if not LOADER_TRAINS:
        return
    # One more epoch here gives what the saving backend computed (up to float noise
    # between engines).
    history = model.fit(
        arrays["x_train"], arrays["y_train"], batch_size=8, epochs=1, shuffle=False, verbose=0
    )
    np.testing.assert_allclose(history.history["loss"][0], arrays["after_loss"], rtol=1e-5)
    for i, w in enumerate(model.get_weights()):
        np.testing.assert_allclose(w, arrays[f"after_w{i}"], rtol=0, atol=1e-5)
