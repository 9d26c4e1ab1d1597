"""`class_weight`: a weight per class index, turned into a weight per sample."""

import numpy as np

from keras.backends.common import config
from keras.backends.common import dtypes


def check_class_weight(class_weight):
    """Raises a ValueError unless `class_weight` is None or a dict {int: number}."""
    if class_weight is None:
        return
    if not isinstance(class_weight, dict):
        raise ValueError(
            "`class_weight` must be a dict mapping class indices (ints) to weights; "
            f"received a {type(class_weight).__name__}: {class_weight!r}."
        )
    for key, weight in class_weight.items():
        if isinstance(key, bool) or not isinstance(key, (int, np.integer)):
            raise ValueError(
                "The keys of `class_weight` must be class indices (ints); received "
                f"key {key!r} in class_weight={class_weight!r}."
            )
        if not isinstance(weight, (int, float, np.number)):
            raise ValueError(
                "The values of `class_weight` must be numbers; received "
                f"{weight!r} for class {key} in class_weight={class_weight!r}."
            )


def check_class_weight_targets(y, sample_weight):
    """`class_weight` needs one output `y` and no `sample_weight` of its own."""
    if isinstance(y, (list, tuple, dict)):
        raise ValueError(
            "`class_weight` is only supported for models with a single output; "
            f"received a {type(y).__name__} of targets `y`. Pass one `sample_weight` "
            "array per output instead."
        )
    if sample_weight is not None:
        raise ValueError(
            "`class_weight` and `sample_weight` cannot be used together; fold the "
            "class weights into `sample_weight`."
        )


def class_weight_to_sample_weight(y, class_weight):
    """The weight of each sample's class: `class_weight[label]`, 1.0 if not listed.

    Args:
        y: labels of shape (n,) or (n, 1) (integer class indices), or one-hot /
            probability targets of shape (n, k), whose class is their argmax.
        class_weight: a dict {class index: weight}.

    Returns:
        A float array of shape (n,) in `keras.config.floatx()`.
    """
    y = np.asarray(y)
    if y.ndim == 1:
        labels = y
    elif y.ndim == 2 and y.shape[1] == 1:
        labels = y[:, 0]
    elif y.ndim == 2:
        labels = np.argmax(y, axis=-1)
    else:
        raise ValueError(
            "`class_weight` needs targets `y` of shape (n,), (n, 1) or one-hot (n, k); "
            f"received y of shape {y.shape}."
        )
    labels = np.round(labels).astype("int64")
    weights = np.ones(labels.shape, dtype="float64")
    for label, weight in class_weight.items():
        weights[labels == int(label)] = weight
    return weights.astype(dtypes.numpy_dtype(config.floatx()))
