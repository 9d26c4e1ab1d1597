"""Reading and writing an optimizer's learning rate from a callback."""

import numpy as np

from keras.backends import active


def get_learning_rate(model, owner):
    """The current learning rate of `model.optimizer` as a Python float."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not hasattr(optimizer, "learning_rate"):
        raise ValueError(
            f"{owner} needs a model compiled with an optimizer that has a "
            f"`learning_rate` attribute. Received optimizer: {optimizer!r}"
        )
    return float(np.asarray(active.convert_to_numpy(optimizer.learning_rate)))


def set_learning_rate(model, value):
    model.optimizer.learning_rate = value
