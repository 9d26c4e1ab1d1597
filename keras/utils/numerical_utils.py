"""to_categorical and normalize: NumPy helpers for labels and vectors."""

import numpy as np


def _as_numpy(x, name):
    # Backend tensors (torch, tf, jax) all convert through __array__ or .numpy().
    if hasattr(x, "numpy") and not isinstance(x, np.ndarray):
        x = x.numpy() if not hasattr(x, "detach") else x.detach().cpu().numpy()
    try:
        return np.asarray(x)
    except Exception as error:  # noqa: BLE001 - re-raised with the argument's name
        raise TypeError(
            f"`{name}` must be an array-like; received {type(x).__name__}."
        ) from error


def to_categorical(x, num_classes=None):
    """One-hot encodes integer class labels.

    Args:
        x: array-like of class indices in `[0, num_classes)`. A trailing axis of
            size 1 is dropped first, as for labels of shape `(n, 1)`.
        num_classes: the number of classes; None means `max(x) + 1`.

    Returns:
        A float64 NumPy array of shape `x.shape + (num_classes,)` (after the drop).

    >>> keras.utils.to_categorical([0, 2], num_classes=3)
    array([[1., 0., 0.],
           [0., 0., 1.]])
    """
    labels = _as_numpy(x, "x")
    if labels.size and not np.all(np.equal(np.mod(labels, 1), 0)):
        raise ValueError(
            f"`x` must hold integer class indices; received values such as "
            f"{labels.ravel()[np.mod(labels.ravel(), 1) != 0][0]!r}."
        )
    labels = labels.astype("int64")
    if labels.ndim > 1 and labels.shape[-1] == 1:
        labels = labels.reshape(labels.shape[:-1])
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    elif not isinstance(num_classes, (int, np.integer)) or num_classes < 1:
        raise ValueError(
            "`num_classes` must be None or a positive int; received "
            f"num_classes={num_classes!r}."
        )
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"`x` must hold class indices in [0, {num_classes}); received values "
            f"from {labels.min()} to {labels.max()}."
        )
    flat = labels.ravel()
    # float64, as NumPy's own default (and Keras' result for NumPy input).
    one_hot = np.zeros((flat.size, num_classes), dtype="float64")
    one_hot[np.arange(flat.size), flat] = 1.0
    return one_hot.reshape(labels.shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """Scales `x` to unit norm along `axis`.

    Args:
        x: array-like of numbers.
        axis: the axis along which each vector is normalized.
        order: the norm's order, as `numpy.linalg.norm` takes it (2: Euclidean).

    Returns:
        `x / norm(x)` as a float NumPy array; vectors of norm 0 are left as they are.

    >>> keras.utils.normalize([[3.0, 4.0]])
    array([[0.6, 0.8]])
    """
    array = _as_numpy(x, "x")
    if not np.issubdtype(array.dtype, np.floating):
        array = array.astype("float64")
    if not -array.ndim <= axis < max(array.ndim, 1):
        raise ValueError(
            f"`axis` must be in [{-array.ndim}, {array.ndim}) for `x` of shape "
            f"{array.shape}; received axis={axis}."
        )
    norm = np.linalg.norm(array, ord=order, axis=axis, keepdims=True)
    # A zero vector stays zero instead of becoming NaN.
    norm = np.where(norm == 0, np.ones_like(norm), norm)
    return array / norm
