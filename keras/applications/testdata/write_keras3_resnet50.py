"""Run by the *real* Keras 3.15.1 (not this project's keras): builds ResNet50
(include_top=False, 64x64 inputs, average pooling) with seeded random weights and
writes into the folder given as argv[1]:

- resnet50.weights.h5: `model.save_weights` (the Keras 3 layout);
- resnet50_legacy.h5: `model.save(...h5)` (the legacy Keras 2 HDF5 layout, the one
  of the published ImageNet weights);
- input.npy, preds.npy: a batch of images and the model's predictions on them.

Used by keras3_weights_test.py when the Keras 3 venv is present.
"""

import os
import sys

import numpy as np

import keras

out = sys.argv[1]
model = keras.applications.ResNet50(
    weights=None, include_top=False, input_shape=(64, 64, 3), pooling="avg"
)
rng = np.random.default_rng(0)
for w in model.weights:
    shape = tuple(w.shape)
    if w.path.endswith("moving_variance"):
        value = rng.uniform(0.5, 1.5, shape)
    elif w.path.endswith("gamma"):
        value = rng.uniform(0.8, 1.2, shape)
    elif len(shape) == 4:
        fan_in = shape[0] * shape[1] * shape[2]
        value = rng.normal(0.0, (2.0 / fan_in) ** 0.5, shape)
    else:
        value = rng.normal(0.0, 0.1, shape)
    w.assign(value.astype("float32"))
images = rng.uniform(-1.0, 1.0, (2, 64, 64, 3)).astype("float32")
model.save_weights(os.path.join(out, "resnet50.weights.h5"))
model.save(os.path.join(out, "resnet50_legacy.h5"))
np.save(os.path.join(out, "input.npy"), images)
np.save(os.path.join(out, "preds.npy"), model.predict(images, verbose=0))
