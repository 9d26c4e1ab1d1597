"""The `weights` argument of the application builders: None, "imagenet" or a path.

"imagenet" names the file Keras publishes for the architecture (e.g.
`resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5`); it is taken from the Keras
cache (`$KERAS_HOME/models/`) or fetched there, then loaded. A path is loaded as it
is: a `.weights.h5` or `.keras` file through `model.load_weights`, a legacy Keras 2
`.h5` file (the layout of the published ImageNet weights) by `legacy_h5`.
"""

import os

from keras.applications import cache
from keras.saving import legacy_h5

WEIGHTS_ORIGIN = "https://storage.googleapis.com/tensorflow/keras-applications/"


def imagenet_weights_path(subdir, fname, file_hash):
    """The local path of a published weights file, fetched into the cache if needed.

    Args:
        subdir: its folder under `WEIGHTS_ORIGIN` (e.g. "resnet").
        fname: its file name.
        file_hash: its md5 or sha256 hex digest.
    """
    return cache.cached_or_fetched(
        fname,
        WEIGHTS_ORIGIN + subdir + "/" + fname,
        file_hash,
        what="the pretrained ImageNet weights",
    )


def load_application_weights(model, weights, subdir=None, fname=None, file_hash=None):
    """Loads `weights` into a freshly built application model.

    Args:
        model: the built model.
        weights: None (nothing to load), "imagenet" (the published file named by
            `subdir`, `fname` and `file_hash`) or the path of a weights file.
    """
    if weights is None:
        return
    if weights == "imagenet":
        if fname is None:
            raise ValueError(
                f"No published ImageNet weights are known for the model "
                f"'{model.name}' with these arguments; pass `weights=None` or a "
                "weights file path."
            )
        path = imagenet_weights_path(subdir, fname, file_hash)
    else:
        path = os.fspath(weights)
    load_weights_file(model, path)


def load_weights_file(model, path):
    """Reads a weights file into `model`, choosing the reader by the file's layout."""
    text = str(path)
    if text.endswith((".weights.h5", ".keras")):
        model.load_weights(text)
    elif legacy_h5.is_legacy_h5(text):
        legacy_h5.load_weights(model, text)
    else:
        model.load_weights(text)
