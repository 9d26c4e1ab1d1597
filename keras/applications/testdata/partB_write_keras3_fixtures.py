"""Run by the *real* Keras 3.15.1 (not this project's keras) to write part B's
fixtures (MobileNet, EfficientNet, ConvNeXt and NASNet families).

    python partB_write_keras3_fixtures.py architectures OUT.json
        Every builder with weights=None at its default input, once with
        include_top=True and once with include_top=False, pooling="avg": the
        model name, input/output shapes, count_params() and each operation's
        (name, class, weight shapes) in model order. The "avg" variant stores only
        what follows the operations it shares with the "top" one.

    python partB_write_keras3_fixtures.py weights OUT_DIR NAME [NAME...]
        For each NAME in `MODELS`: the model built with seeded random weights
        (batch-norm statistics randomised too), `NAME.weights.h5`
        (`model.save_weights`), and `NAME.npz` with `x` (a batch of images) and
        `y` (the model's predictions on it, logits: classifier_activation=None);
        for the names in `LEGACY_H5` also `NAME.h5` (`model.save`, legacy format).
"""

import json
import os
import sys

import numpy as np

import keras
from keras import applications as A

FAMILIES = {
    "mobilenet": ["MobileNet"],
    "mobilenet_v2": ["MobileNetV2"],
    "mobilenet_v3": ["MobileNetV3Small", "MobileNetV3Large"],
    "efficientnet": ["EfficientNetB%d" % i for i in range(8)],
    "efficientnet_v2": ["EfficientNetV2B%d" % i for i in range(4)]
    + ["EfficientNetV2S", "EfficientNetV2M", "EfficientNetV2L"],
    "convnext": ["ConvNeXt" + s for s in ("Tiny", "Small", "Base", "Large", "XLarge")],
    "nasnet": ["NASNetMobile", "NASNetLarge"],
}

# name -> (builder, keyword arguments, input shape).
MODELS = {
    "mobilenet_a025": ("MobileNet", dict(alpha=0.25, classes=10), (32, 32, 3)),
    "mobilenet_v3_small": ("MobileNetV3Small", {}, (64, 64, 3)),
    "efficientnet_b0": ("EfficientNetB0", {}, (64, 64, 3)),
    "nasnet_mobile": ("NASNetMobile", {}, (64, 64, 3)),
}

# Also written as a whole-model legacy Keras 2 `.h5` (`model.save("NAME.h5")`), whose
# weights load by position in Keras's layer order, as the published NASNet files do.
LEGACY_H5 = {"nasnet_mobile"}


def describe(model):
    ops = []
    for op in model.operations:
        shapes = "|".join("x".join(map(str, w.shape)) for w in getattr(op, "weights", []))
        ops.append(f"{op.name} {type(op).__name__} {shapes}".rstrip())
    return {
        "name": model.name,
        "params": int(model.count_params()),
        "input": list(model.inputs[0].shape),
        "output": list(model.outputs[0].shape),
        "ops": ops,
    }


def architectures(out):
    result = {}
    for family, names in FAMILIES.items():
        for name in names:
            keras.backend.clear_session()
            top = describe(getattr(A, name)(weights=None))
            keras.backend.clear_session()
            avg = describe(getattr(A, name)(weights=None, include_top=False, pooling="avg"))
            shared = 0
            while shared < min(len(top["ops"]), len(avg["ops"])) and (
                top["ops"][shared] == avg["ops"][shared]
            ):
                shared += 1
            avg["shared_ops"] = shared
            avg["ops"] = avg["ops"][shared:]
            result[name] = {"family": family, "top": top, "avg": avg}
            print(name, top["params"], avg["params"], flush=True)
    with open(out, "w") as f:
        json.dump(result, f, separators=(",", ":"))


def randomize(model, seed):
    """Random batch-norm statistics so that no layer is an identity."""
    rng = np.random.default_rng(seed)
    for w in model.weights:
        shape = tuple(w.shape)
        path = w.path
        if path.endswith(("moving_variance", "/variance")):
            w.assign(rng.uniform(0.5, 1.5, shape).astype("float32"))
        elif path.endswith(("moving_mean", "/mean")):
            w.assign(rng.uniform(-0.1, 0.1, shape).astype("float32"))
        elif path.endswith("gamma"):
            w.assign(rng.uniform(0.8, 1.2, shape).astype("float32"))
        elif path.endswith("beta"):
            w.assign(rng.uniform(-0.1, 0.1, shape).astype("float32"))


def weights(out_dir, names):
    os.makedirs(out_dir, exist_ok=True)
    for name in names:
        builder, kwargs, shape = MODELS[name]
        keras.utils.set_random_seed(0)
        model = getattr(A, builder)(
            weights=None, input_shape=shape, classifier_activation=None, **kwargs
        )
        randomize(model, 0)
        x = np.random.default_rng(1).uniform(0, 255, (2,) + shape).astype("float32")
        y = np.asarray(model.predict(x, verbose=0))
        model.save_weights(os.path.join(out_dir, name + ".weights.h5"))
        if name in LEGACY_H5:
            model.save(os.path.join(out_dir, name + ".h5"))
        np.savez(os.path.join(out_dir, name + ".npz"), x=x, y=y)


if __name__ == "__main__":
    if sys.argv[1] == "architectures":
        architectures(sys.argv[2])
    else:
        weights(sys.argv[2], sys.argv[3:])
