"""ProgbarLogger output for fit, evaluate and predict, with a fake clock."""

import re

import pytest

from keras import callbacks
from keras.callbacks import testing
from keras.utils import progbar as progbar_module

BAR = "\u2501" * 20
# Exact timings are checked in keras/utils/progbar_test.py.
TIMING = r"\d+s \d+ms/step"
TIMING_2 = r"\d+s - \d+ms/step"


class FakeClock:
    """Every reading is a quarter of a second after the previous one."""

    def __init__(self):
        self.now = 100.0

    def time(self):
        self.now += 0.25
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(progbar_module, "time", FakeClock())
    monkeypatch.setattr(progbar_module, "_is_interactive", lambda: False)


def epoch_logs(epoch):
    return {"loss": 0.5 / (epoch + 1), "val_loss": 0.75 / (epoch + 1)}


def batch_logs(epoch, step):
    return {"loss": 1.0 + step}


def test_fit_verbose_1_in_a_log_file(capsys):
    testing.fit(testing.FakeModel(), [], 2, 3, epoch_logs, batch_logs, verbose=1)
    lines = capsys.readouterr().out.split("\n")
    # One header and one final line per epoch; epoch logs replace the batch averages,
    # sorted by name.
    assert lines[0] == "Epoch 1/2"
    expected = f"3/3 {BAR} {TIMING} - loss: 0.5000 - val_loss: 0.7500"
    assert re.fullmatch(expected, lines[1])
    assert lines[2] == "Epoch 2/2"
    assert lines[3].endswith(" - loss: 0.2500 - val_loss: 0.3750")
    assert lines[4:] == [""]


def test_fit_verbose_2(capsys):
    testing.fit(testing.FakeModel(), [], 1, 4, epoch_logs, batch_logs, verbose=2)
    out = capsys.readouterr().out
    # A single epoch has no "Epoch 1/1" header.
    assert re.fullmatch(f"4/4 - {TIMING_2} - loss: 0.5000 - val_loss: 0.7500\n", out)


def test_fit_in_a_terminal_redraws_batches(monkeypatch, capsys):
    monkeypatch.setattr(progbar_module, "_is_interactive", lambda: True)
    testing.fit(testing.FakeModel(), [], 1, 3, epoch_logs, batch_logs, verbose=1)
    frames = capsys.readouterr().out.split("\r")[1:]
    assert len(frames) == 4  # three batches and the final line
    # Batch draws average the batch losses: (1 + 2) / 2 after the second batch.
    assert "- loss: 1.5000" in frames[1]
    assert frames[-1].endswith("- loss: 0.5000 - val_loss: 0.7500\n")


def drive_evaluate(progbar, steps_seen, logs):
    progbar.on_test_begin()
    for step in range(steps_seen):
        progbar.on_test_batch_end(step, {"loss": 2.0})
    progbar.on_test_end(logs)


def test_evaluate_and_validation_inside_fit(capsys):
    progbar = callbacks.ProgbarLogger()
    progbar.set_params({"verbose": 1, "epochs": 1, "steps": 2})
    drive_evaluate(progbar, 2, {"loss": 1.25})
    out = capsys.readouterr().out
    assert re.fullmatch(f"2/2 {BAR} {TIMING} - loss: 1.2500\n", out)
    # Validation during fit draws nothing of its own.
    progbar.on_train_begin()
    drive_evaluate(progbar, 2, {"loss": 1.25})
    assert capsys.readouterr().out == ""


def test_predict_with_unknown_steps(capsys):
    progbar = callbacks.ProgbarLogger()
    progbar.set_params({"verbose": "auto", "epochs": 1, "steps": None})
    progbar.on_predict_begin()
    for step in range(5):
        progbar.on_predict_batch_end(step, {"outputs": [1, 2]})
    progbar.on_predict_end()
    assert capsys.readouterr().out.startswith("5/5 " + BAR + " ")
    assert progbar.target == 5


def test_verbose_0_prints_nothing(capsys):
    progbar = callbacks.ProgbarLogger()
    testing.fit(testing.FakeModel(), [progbar], 2, 2, epoch_logs, batch_logs, verbose=0)
    assert capsys.readouterr().out == ""
