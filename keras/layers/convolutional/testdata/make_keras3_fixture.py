"""Regenerate `keras3_convs.keras` and `keras3_convs_expected.npz` next to this script.

Produced by the REAL upstream Keras (PyPI `keras==3.15.1`, JAX backend), so that the
convolution layers here are tested against what Keras 3 writes. Never run it with the
project's interpreter, and never install the PyPI `keras` into the project's
environment; use a throwaway virtualenv and run from outside the repository:

    cd /tmp && KERAS_BACKEND=jax /tmp/k3venv/bin/python \\
        <repo>/keras/layers/convolutional/testdata/make_keras3_fixture.py

Writes:
    keras3_convs.keras          `model.save(...)` of a functional model with every
                                convolution layer (3 inputs: 1D, 2D and 3D)
    keras3_convs_expected.npz   x1, x2, x3 (inputs), y0, y1, y2 (model.predict),
                                "<layer name>:<i>": the weights of each layer of the
                                model as Keras 3 loads it back (LoRA factors reset),
                                and h5_paths (the datasets of model.weights.h5 as
                                "path shape", JSON)
"""

import io
import json
import os
import sys
import zipfile

os.environ.setdefault("KERAS_BACKEND", "jax")

import h5py  # noqa: E402
import numpy as np  # noqa: E402

import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def build_model():
    layers = keras.layers
    seq = keras.Input((12, 4), name="seq")
    a = layers.Conv1D(6, 3, padding="causal", dilation_rate=2, activation="relu")(seq)
    a = layers.Conv1D(4, 2, strides=2, groups=2, padding="same")(a)
    a = layers.SeparableConv1D(5, 3, depth_multiplier=2, padding="same")(a)
    a = layers.DepthwiseConv1D(2, depth_multiplier=2)(a)
    a = layers.Conv1DTranspose(3, 3, strides=2, output_padding=1)(a)
    a = layers.Convolution1D(2, 3, data_format="channels_first")(a)
    image = keras.Input((9, 8, 3), name="image")
    b = layers.Conv2D(4, 3, padding="same", lora_rank=2)(image)
    b = layers.DepthwiseConv2D((3, 2), depth_multiplier=2, strides=(2, 1))(b)
    b = layers.SeparableConv2D(6, 2, dilation_rate=(1, 2), activation="tanh")(b)
    b = layers.Conv2DTranspose(3, (2, 3), strides=(2, 1), padding="same")(b)
    b = layers.Conv2D(6, 1, groups=3, use_bias=False)(b)
    volume = keras.Input((4, 5, 4, 2), name="volume")
    c = layers.Conv3D(3, 2, padding="same", data_format="channels_first")(volume)
    c = layers.Conv3DTranspose(2, 2, strides=(2, 1, 1))(c)
    return keras.Model([seq, image, volume], [a, b, c])


def main():
    if keras.__version__ != "3.15.1" or keras.backend.backend() != "jax":
        sys.exit(f"needs keras 3.15.1 on jax; got {keras.__version__}")
    keras.utils.set_random_seed(0)
    model = build_model()
    rng = np.random.default_rng(0)
    # LoRA: a non-zero B factor, so that the saved (merged) kernel differs from the
    # frozen one.
    lora_layer = model.layers[[l.name for l in model.layers].index("conv2d")]
    lora_layer.lora_kernel_b.assign(rng.standard_normal((2, 4)).astype("float32"))
    x1 = rng.standard_normal((2, 12, 4)).astype("float32")
    x2 = rng.standard_normal((2, 9, 8, 3)).astype("float32")
    x3 = rng.standard_normal((2, 4, 5, 4, 2)).astype("float32")
    ys = model.predict([x1, x2, x3], verbose=0)
    path = os.path.join(HERE, "keras3_convs.keras")
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        data = archive.read("model.weights.h5")
    paths = []
    with h5py.File(io.BytesIO(data), "r") as f:
        f.visititems(
            lambda name, obj: paths.append(f"{name} {obj.shape}")
            if isinstance(obj, h5py.Dataset)
            else None
        )
    # Per layer: the order of `model.layers` is not part of what is tested here.
    loaded = keras.saving.load_model(path)
    weights = {
        f"{layer.name}:{i}": w
        for layer in loaded.layers
        for i, w in enumerate(layer.get_weights())
    }
    np.savez(
        os.path.join(HERE, "keras3_convs_expected.npz"),
        x1=x1,
        x2=x2,
        x3=x3,
        **{f"y{i}": y for i, y in enumerate(ys)},
        **weights,
        h5_paths=np.array(json.dumps(paths)),
    )


if __name__ == "__main__":
    main()
