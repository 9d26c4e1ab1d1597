"""timeseries_dataset_from_array: sliding windows over an array as a tf.data.Dataset."""

import numpy as np

from keras.utils import dataset_utils


def _check_int(name, value, minimum):
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or (
        value < minimum
    ):
        raise ValueError(
            f"`{name}` must be an int >= {minimum}; received {name}={value!r}."
        )


def timeseries_dataset_from_array(
    data,
    targets,
    sequence_length,
    sequence_stride=1,
    sampling_rate=1,
    batch_size=128,
    shuffle=False,
    seed=None,
    start_index=None,
    end_index=None,
    format="tf",
):
    """Sliding windows over the rows of `data`, batched as a `tf.data.Dataset`.

    Window `j` starts at row `start_index + j * sequence_stride` and holds
    `sequence_length` rows taken every `sampling_rate` rows; its target is
    `targets[start]`, the target of its first row. Only windows that end before
    `end_index` are made (and no more than `len(targets)`).

    Args:
        data: array-like whose first axis is time.
        targets: array-like of one target per row, or None (windows only).
        sequence_length: rows per window.
        sequence_stride: rows between the starts of consecutive windows.
        sampling_rate: rows between consecutive rows of a window.
        batch_size: windows per batch; None yields single windows.
        shuffle: shuffle the windows (with `seed`).
        seed: seed of the shuffle.
        start_index: first row used (default 0).
        end_index: one past the last row used (default `len(data)`).
        format: "tf" (the only supported value).

    Returns:
        A `tf.data.Dataset` of `(windows, targets)` (or windows), windows of shape
        `(batch, sequence_length) + data.shape[1:]`.

    >>> ds = keras.utils.timeseries_dataset_from_array(np.arange(10), None, 3)
    """
    dataset_utils.check_format(format, "timeseries_dataset_from_array")
    _check_int("sequence_length", sequence_length, 1)
    _check_int("sequence_stride", sequence_stride, 1)
    _check_int("sampling_rate", sampling_rate, 1)
    dataset_utils.check_batch_size(batch_size)
    data = np.asarray(data)
    if data.ndim == 0:
        raise ValueError(
            "`data` must have a time axis (at least 1D); received a scalar."
        )
    start_index = 0 if start_index is None else start_index
    end_index = len(data) if end_index is None else end_index
    _check_int("start_index", start_index, 0)
    _check_int("end_index", end_index, 0)
    if start_index >= len(data):
        raise ValueError(
            f"`start_index` must be lower than the length of the data ({len(data)}); "
            f"received start_index={start_index}."
        )
    if not start_index < end_index <= len(data):
        raise ValueError(
            f"`end_index` must be in ({start_index}, {len(data)}] (after "
            f"`start_index`, within the data); received end_index={end_index}."
        )
    if targets is not None:
        targets = np.asarray(targets)
        if targets.ndim == 0:
            raise ValueError(
                "`targets` must be None or array-like with one target per row; "
                "received a scalar."
            )
    tf = dataset_utils.import_tensorflow("timeseries_dataset_from_array")

    count = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        count = min(count, len(targets))
    starts = np.arange(0, max(count, 0), sequence_stride, dtype="int64")
    if shuffle:
        np.random.RandomState(seed).shuffle(starts)
    offsets = np.arange(sequence_length, dtype="int64") * sampling_rate
    # (windows, sequence_length): the data rows of every window.
    rows = start_index + starts[:, None] + offsets[None, :]
    data_tensor = tf.constant(data)
    windows = tf.data.Dataset.from_tensor_slices(rows).map(
        lambda index: tf.gather(data_tensor, index)
    )
    if targets is not None:
        target_tensor = tf.constant(targets)
        target_rows = tf.data.Dataset.from_tensor_slices(start_index + starts).map(
            lambda index: tf.gather(target_tensor, index)
        )
        windows = tf.data.Dataset.zip((windows, target_rows))
    if shuffle:
        windows = windows.shuffle(
            buffer_size=1024 if batch_size is None else batch_size * 8, seed=seed
        )
    if batch_size is not None:
        windows = windows.batch(batch_size)
    return windows.prefetch(tf.data.AUTOTUNE)
