"""timeseries_dataset_from_array against explicit window loops."""

import numpy as np
import pytest

from keras import utils


def reference_windows(data, targets, length, stride, rate, start, end):
    windows, window_targets = [], []
    first = start
    while first + (length - 1) * rate < end:
        if targets is not None and first - start >= len(targets):
            break
        windows.append([data[first + k * rate] for k in range(length)])
        if targets is not None:
            window_targets.append(targets[first])
        first += stride
    return np.array(windows), np.array(window_targets)


def collect(dataset):
    xs, ys = [], []
    for batch in dataset.as_numpy_iterator():
        if isinstance(batch, tuple):
            xs.append(batch[0])
            ys.append(batch[1])
        else:
            xs.append(batch)
    return np.concatenate(xs), (np.concatenate(ys) if ys else None)


@pytest.mark.parametrize(
    "length, stride, rate, start, end, batch",
    [(3, 2, 2, 3, 15, 4), (4, 1, 1, None, None, 5), (2, 3, 1, 1, 11, 2)],
)
def test_windows_and_targets_match_a_loop(length, stride, rate, start, end, batch):
    rng = np.random.default_rng(0)
    data = rng.normal(size=(20, 2)).astype("float32")
    targets = rng.integers(0, 100, size=20)
    dataset = utils.timeseries_dataset_from_array(
        data, targets, length, sequence_stride=stride, sampling_rate=rate,
        batch_size=batch, start_index=start, end_index=end,
    )
    got_x, got_y = collect(dataset)
    want_x, want_y = reference_windows(
        data, targets, length, stride, rate, start or 0, end or 20
    )
    np.testing.assert_array_equal(got_x, want_x)
    np.testing.assert_array_equal(got_y, want_y)
    first_batch = next(iter(dataset.as_numpy_iterator()))
    assert first_batch[0].shape[0] == min(batch, len(want_x))


def test_no_targets_shuffle_keeps_the_same_windows():
    data = np.arange(30)
    ordered = collect(
        utils.timeseries_dataset_from_array(data, None, 5, batch_size=7)
    )[0]
    shuffled = collect(
        utils.timeseries_dataset_from_array(
            data, None, 5, batch_size=7, shuffle=True, seed=3
        )
    )[0]
    assert not np.array_equal(ordered, shuffled)
    np.testing.assert_array_equal(
        sorted(map(tuple, ordered)), sorted(map(tuple, shuffled))
    )


def test_fewer_targets_limit_the_windows():
    data = np.arange(20)
    x, y = collect(utils.timeseries_dataset_from_array(data, data[3:], 4))
    assert len(x) == 17 and y.tolist() == list(range(3, 20))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"sequence_length": 0}, "sequence_length"),
        ({"sequence_stride": 0}, "sequence_stride"),
        ({"sampling_rate": -1}, "sampling_rate"),
        ({"start_index": 30}, "start_index"),
        ({"start_index": 5, "end_index": 3}, "end_index"),
        ({"batch_size": 0}, "batch_size"),
        ({"format": "grain"}, "format"),
    ],
)
def test_argument_errors(kwargs, match):
    arguments = {"sequence_length": 3, **kwargs}
    with pytest.raises(ValueError, match=match):
        utils.timeseries_dataset_from_array(np.arange(20), None, **arguments)
