"""What the `*_dataset_from_directory` helpers share (indexing a folder of class
sub-folders, validation splits, labels), and split_dataset.

Datasets are `tf.data.Dataset`s, as in Keras; `fit` reads them on every backend
through the TFDatasetAdapter. TensorFlow is imported on use.
"""

import os
import random

import numpy as np

from keras.utils import io_utils

LABEL_MODES = ("int", "categorical", "binary", None)


def import_tensorflow(caller):
    try:
        import tensorflow as tf
    except ImportError as error:
        raise ImportError(
            f"`{caller}` builds a tf.data.Dataset and needs TensorFlow; install it "
            "with `pip install tensorflow` (or tensorflow-cpu)."
        ) from error
    return tf


def check_format(format, caller):
    if format != "tf":
        raise ValueError(
            f"`{caller}` supports format='tf' (a tf.data.Dataset) only; received "
            f"format={format!r}."
        )


def check_validation_split(validation_split, subset, shuffle, seed):
    """Raises ValueError for an inconsistent (validation_split, subset, seed)."""
    if validation_split is not None and not 0 < validation_split < 1:
        raise ValueError(
            "`validation_split` must be None or a float in (0, 1); received "
            f"validation_split={validation_split!r}."
        )
    if subset not in ("training", "validation", "both", None):
        raise ValueError(
            "`subset` must be 'training', 'validation', 'both' or None; received "
            f"subset={subset!r}."
        )
    if (validation_split is None) != (subset is None):
        raise ValueError(
            "`validation_split` and `subset` go together: pass both or neither; "
            f"received validation_split={validation_split!r}, subset={subset!r}."
        )
    if validation_split is not None and shuffle and seed is None:
        raise ValueError(
            "With `validation_split` and shuffle=True, pass a `seed`, so that the "
            "training and validation subsets come from the same shuffle and do not "
            "overlap; received seed=None."
        )


def check_labels(labels, label_mode, class_names):
    if labels not in ("inferred", None) and not isinstance(labels, (list, tuple)):
        raise ValueError(
            "`labels` must be 'inferred', None, or a list/tuple of one integer label "
            f"per file; received labels={labels!r}."
        )
    if label_mode not in LABEL_MODES:
        raise ValueError(
            f"`label_mode` must be one of {LABEL_MODES}; received "
            f"label_mode={label_mode!r}."
        )
    if class_names is not None and labels != "inferred":
        raise ValueError(
            "`class_names` is only read when labels='inferred'; received "
            f"labels={labels!r} with class_names={class_names!r}."
        )


def _walk_files(directory, formats, follow_links):
    """The files under `directory` (recursively) whose name ends with `formats`,
    sorted, as paths."""
    found = []
    for root, _, files in os.walk(directory, followlinks=follow_links):
        for name in files:
            if name.lower().endswith(formats):
                found.append(os.path.join(root, name))
    return sorted(found)


def index_directory(
    directory,
    labels,
    formats,
    class_names=None,
    shuffle=True,
    seed=None,
    follow_links=False,
    verbose=True,
):
    """(file paths, integer labels or None, class names) of a folder.

    With labels="inferred" each sub-folder of `directory` is a class (sorted by name,
    or in the order of `class_names`) and its files, at any depth, are that class's;
    files directly in `directory` are ignored. With labels=None or a list, every
    file under `directory` counts, sorted by path (the list's labels follow that
    order). Shuffled with `seed` when `shuffle`.
    """
    # The OS errors Keras raises here, with a message that names the argument.
    if not os.path.exists(directory):
        raise FileNotFoundError(
            f"`directory` must be an existing folder; received {str(directory)!r}, "
            "which does not exist."
        )
    if not os.path.isdir(directory):
        raise NotADirectoryError(
            f"`directory` must be an existing folder; received {str(directory)!r}, "
            "which is a file."
        )
    if labels == "inferred":
        folders = sorted(
            name
            for name in os.listdir(directory)
            if os.path.isdir(os.path.join(directory, name))
        )
        if class_names is not None:
            if sorted(class_names) != folders:
                raise ValueError(
                    "`class_names` must name the sub-folders of `directory` "
                    f"({folders}); received class_names={list(class_names)}."
                )
            folders = list(class_names)
        file_paths, file_labels = [], []
        for index, folder in enumerate(folders):
            paths = _walk_files(os.path.join(directory, folder), formats, follow_links)
            file_paths += paths
            file_labels += [index] * len(paths)
        class_names = folders
    else:
        file_paths = _walk_files(directory, formats, follow_links)
        file_labels = None
        class_names = None
        if labels is not None:
            if len(labels) != len(file_paths):
                raise ValueError(
                    f"`labels` must have one label per file: {directory!r} holds "
                    f"{len(file_paths)} files of formats {formats}, but "
                    f"len(labels)={len(labels)}."
                )
            file_labels = list(labels)
    if verbose:
        if class_names is None:
            io_utils.print_msg(f"Found {len(file_paths)} files.")
        else:
            io_utils.print_msg(
                f"Found {len(file_paths)} files belonging to {len(class_names)} "
                "classes."
            )
    if shuffle and file_paths:
        # One permutation for paths and labels, the same for a given seed.
        order = np.random.RandomState(seed).permutation(len(file_paths))
        file_paths = [file_paths[i] for i in order]
        if file_labels is not None:
            file_labels = [file_labels[i] for i in order]
    return file_paths, file_labels, class_names


def split_for_subset(samples, labels, validation_split, subset):
    """The (samples, labels) of `subset`: the validation subset is the last
    `int(validation_split * n)` samples, training the rest."""
    if not validation_split:
        return samples, labels
    count = int(validation_split * len(samples))
    if subset == "training":
        io_utils.print_msg(f"Using {len(samples) - count} files for training.")
        return samples[: len(samples) - count], (
            None if labels is None else labels[: len(samples) - count]
        )
    io_utils.print_msg(f"Using {count} files for validation.")
    return samples[len(samples) - count :], (
        None if labels is None else labels[len(samples) - count :]
    )


def labels_to_dataset(tf, labels, label_mode, num_classes):
    """A dataset of one label per element: int32, float32 (n, 1) for "binary", or
    float32 one-hot for "categorical"."""
    dataset = tf.data.Dataset.from_tensor_slices(np.asarray(labels, dtype="int32"))
    if label_mode == "binary":
        return dataset.map(lambda y: tf.expand_dims(tf.cast(y, "float32"), -1))
    if label_mode == "categorical":
        return dataset.map(lambda y: tf.one_hot(y, num_classes))
    return dataset


def check_label_mode_fits(label_mode, class_names, labels):
    num_classes = len(class_names) if class_names else len(set(labels or ()))
    if label_mode == "binary" and num_classes != 2:
        raise ValueError(
            'label_mode="binary" needs exactly 2 classes; found '
            f"{num_classes}: {class_names or sorted(set(labels or ()))}."
        )
    return num_classes


def finish_dataset(tf, dataset, batch_size, shuffle, seed):
    """Shuffles (a buffer of 8 batches), batches and prefetches `dataset`."""
    if shuffle:
        buffer = 1024 if batch_size is None else batch_size * 8
        dataset = dataset.shuffle(buffer_size=buffer, seed=seed)
    if batch_size is not None:
        dataset = dataset.batch(batch_size)
    return dataset.prefetch(tf.data.AUTOTUNE)


def check_batch_size(batch_size):
    is_int = isinstance(batch_size, int) and not isinstance(batch_size, bool)
    if batch_size is not None and (not is_int or batch_size < 1):
        raise ValueError(
            "`batch_size` must be None (no batching) or a positive int; received "
            f"batch_size={batch_size!r}."
        )


def dataset_for_subsets(build, file_paths, labels, validation_split, subset, seed):
    """`build(paths, labels)` for `subset`, or (training, validation) for "both"."""
    if subset == "both":
        return tuple(
            build(*split_for_subset(file_paths, labels, validation_split, name))
            for name in ("training", "validation")
        )
    return build(*split_for_subset(file_paths, labels, validation_split, subset))


def _to_tf_dataset(tf, dataset):
    if isinstance(dataset, tf.data.Dataset):
        return dataset
    if isinstance(dataset, (list, tuple)):
        arrays = tuple(np.asarray(part) for part in dataset)
        lengths = {len(part) for part in arrays}
        if len(lengths) != 1:
            raise ValueError(
                "`dataset` given as a list/tuple must hold arrays of one length; "
                f"received lengths {[len(part) for part in arrays]}."
            )
        return tf.data.Dataset.from_tensor_slices(arrays)
    if isinstance(dataset, np.ndarray) or hasattr(dataset, "__array__"):
        return tf.data.Dataset.from_tensor_slices(np.asarray(dataset))
    if hasattr(dataset, "__getitem__") and hasattr(dataset, "__len__"):
        # A map-style dataset (e.g. torch.utils.data.Dataset): read item by item.
        items = [dataset[i] for i in range(len(dataset))]
        if isinstance(items[0], (tuple, list)):
            columns = tuple(np.stack(column) for column in zip(*items))
            return tf.data.Dataset.from_tensor_slices(columns)
        return tf.data.Dataset.from_tensor_slices(np.stack(items))
    raise TypeError(
        "`dataset` must be a tf.data.Dataset, a NumPy array, a list/tuple of arrays "
        f"or a map-style dataset; received {type(dataset).__name__}."
    )


def _split_sizes(left_size, right_size, total):
    for name, size in (("left_size", left_size), ("right_size", right_size)):
        if size is None:
            continue
        is_int = isinstance(size, (int, np.integer)) and not isinstance(size, bool)
        is_fraction = isinstance(size, float) and 0 < size < 1
        if not (is_int and 0 <= size <= total) and not is_fraction:
            raise ValueError(
                f"`{name}` must be an int in [0, {total}] (a number of samples) or "
                f"a float in (0, 1) (a fraction); received {name}={size!r}."
            )
    if left_size is None and right_size is None:
        raise ValueError(
            "At least one of `left_size` and `right_size` must be given; received "
            "left_size=None and right_size=None."
        )

    def count(size):
        return int(size * total) if isinstance(size, float) else int(size)

    left = None if left_size is None else count(left_size)
    right = None if right_size is None else count(right_size)
    left = total - right if left is None else left
    right = total - left if right is None else right
    if left + right > total:
        raise ValueError(
            f"`left_size` + `right_size` must be at most the number of samples "
            f"({total}); received {left} + {right} = {left + right}."
        )
    if left == 0 and right == 0:
        raise ValueError(
            f"Both splits would be empty for {total} samples with "
            f"left_size={left_size!r}, right_size={right_size!r}."
        )
    return left, right


def split_dataset(
    dataset,
    left_size=None,
    right_size=None,
    shuffle=False,
    seed=None,
    preferred_backend=None,
):
    """Splits a dataset into a left and a right `tf.data.Dataset`.

    Args:
        dataset: a `tf.data.Dataset` (finite), a NumPy array, a list/tuple of arrays
            of one length, or a map-style dataset (`__getitem__` and `__len__`).
        left_size: samples in the left split: an int count or a float fraction;
            None means all that `right_size` leaves.
        right_size: samples in the right split, likewise; None means the rest.
        shuffle: shuffle the samples before splitting.
        seed: seed of the shuffle.
        preferred_backend: None or "tensorflow": the splits are tf.data Datasets.

    Returns:
        `(left, right)`: two unbatched `tf.data.Dataset`s.

    >>> left, right = keras.utils.split_dataset(np.arange(10), left_size=0.8)
    """
    if preferred_backend not in (None, "tensorflow"):
        raise ValueError(
            "`preferred_backend` must be None or 'tensorflow' (the splits are "
            f"tf.data Datasets); received preferred_backend={preferred_backend!r}."
        )
    tf = import_tensorflow("split_dataset")
    dataset = _to_tf_dataset(tf, dataset)
    samples = list(dataset.as_numpy_iterator())
    left, right = _split_sizes(left_size, right_size, len(samples))
    if shuffle:
        if seed is None:
            seed = random.randint(0, int(1e6))
        random.Random(seed).shuffle(samples)

    def to_dataset(items):
        if not items:
            return dataset.take(0)
        stacked = tf.nest.map_structure(lambda *parts: np.stack(parts), *items)
        return tf.data.Dataset.from_tensor_slices(stacked)

    return to_dataset(samples[:left]), to_dataset(samples[len(samples) - right :])
