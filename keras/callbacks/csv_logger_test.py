"""CSVLogger file contents."""

import csv

import numpy as np
import pytest

from keras import callbacks
from keras.callbacks import testing


def logs_for(values):
    return lambda epoch: values[epoch]


def read_rows(path, separator=","):
    with open(path, newline="") as f:
        return list(csv.reader(f, delimiter=separator))


def test_rows_with_validation_metrics(tmp_path):
    rng = np.random.default_rng(0)
    values = [
        {"loss": float(a), "val_loss": float(b), "acc": float(c)}
        for a, b, c in rng.uniform(size=(3, 3))
    ]
    path = tmp_path / "log.csv"
    logger = callbacks.CSVLogger(path)
    testing.fit(testing.FakeModel(), [logger], 3, 1, epoch_logs=logs_for(values))
    rows = read_rows(path)
    assert rows[0] == ["epoch", "acc", "loss", "val_loss"]
    for epoch, row in enumerate(rows[1:]):
        assert row[0] == str(epoch)
        np.testing.assert_allclose(
            [float(x) for x in row[1:]],
            [values[epoch][k] for k in ("acc", "loss", "val_loss")],
        )
    assert len(rows) == 4
    assert path.read_bytes().count(b"\r\n") == 4


def test_val_columns_added_when_absent_and_separator(tmp_path):
    path = tmp_path / "log.tsv"
    logger = callbacks.CSVLogger(path, separator="\t")
    testing.fit(
        testing.FakeModel(), [logger], 2, 1, epoch_logs=lambda e: {"loss": 0.5 * e}
    )
    assert read_rows(path, "\t") == [
        ["epoch", "loss", "val_loss"],
        ["0", "0.0", "NA"],
        ["1", "0.5", "NA"],
    ]


def test_append_keeps_the_header_once(tmp_path):
    path = tmp_path / "log.csv"

    def fit(logger, offset):
        testing.fit(
            testing.FakeModel(),
            [logger],
            2,
            1,
            epoch_logs=lambda e: {"loss": offset + e, "val_loss": offset - e},
        )
    fit(callbacks.CSVLogger(path), 0.0)
    fit(callbacks.CSVLogger(path, append=True), 10.0)
    rows = read_rows(path)
    assert rows == [
        ["epoch", "loss", "val_loss"],
        ["0", "0.0", "0.0"],
        ["1", "1.0", "-1.0"],
        ["0", "10.0", "10.0"],
        ["1", "11.0", "9.0"],
    ]
    # Without append the file starts over.
    fit(callbacks.CSVLogger(path), 5.0)
    assert len(read_rows(path)) == 3


def test_append_to_an_empty_file_writes_the_header(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("")
    logger = callbacks.CSVLogger(path, append=True)
    testing.fit(
        testing.FakeModel(), [logger], 1, 1, epoch_logs=lambda e: {"val_a": 1.0}
    )
    assert read_rows(path) == [["epoch", "val_a"], ["0", "1.0"]]


def test_list_values_and_strings(tmp_path):
    path = tmp_path / "log.csv"
    logger = callbacks.CSVLogger(path)
    logger.set_model(testing.FakeModel())
    logger.on_train_begin()
    logger.on_epoch_end(0, {"val_f1": np.array([0.5, 0.25]), "note": "ok"})
    logger.on_train_end()
    assert read_rows(path) == [
        ["epoch", "note", "val_f1"],
        ["0", "ok", '"[0.5, 0.25]"'],
    ]
    assert logger.csv_file.closed


@pytest.mark.parametrize("values", [[float("nan")], [float("inf")]])
def test_non_finite_values_are_written(tmp_path, values):
    path = tmp_path / "log.csv"
    logger = callbacks.CSVLogger(path)
    testing.fit(
        testing.FakeModel(), [logger], 1, 1, lambda e: {"val_loss": values[e]}
    )
    assert read_rows(path)[1] == ["0", str(values[0])]
