"""Progbar output in a terminal, in a log file and in verbose=2, with a fake clock."""

import re
import sys

import numpy as np
import pytest

import keras
from keras.utils import Progbar
from keras.utils import progbar as progbar_module

BAR = "\u2501" * 20


class FakeClock:
    """Stands in for the `time` module; `now` is moved by the test."""

    def __init__(self, now=100.0):
        self.now = now

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(progbar_module, "time", fake)
    return fake


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(progbar_module, "_is_interactive", lambda: True)


def test_interactive_when_stdout_is_a_terminal(monkeypatch, capsys):
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    monkeypatch.delenv("PYCHARM_HOSTED", raising=False)
    assert not progbar_module._is_interactive()
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert progbar_module._is_interactive()
    assert Progbar(3)._dynamic_display


def run_steps(bar, clock, times, losses, finalize_last=None):
    for step, (t, loss) in enumerate(zip(times, losses), start=1):
        clock.now = t
        last = step == len(times)
        bar.update(step, [("loss", loss)], finalize=finalize_last if last else False)


def test_log_file_prints_only_the_final_line(clock, capsys):
    bar = Progbar(3)
    run_steps(bar, clock, [101.0, 101.5, 102.0], [0.9, 0.5, 0.3], finalize_last=None)
    out = capsys.readouterr().out
    # The first step (compilation) is left out of the time per step: (102 - 101) / 2.
    assert out == f"3/3 {BAR} 2s 500ms/step - loss: 0.3000\n"


def test_average_weighted_by_steps_covered(clock, capsys):
    rng = np.random.default_rng(0)
    losses = rng.uniform(0.1, 2.0, size=3)
    bar = Progbar(10, stateful_metrics=["acc"])
    clock.now = 101.0
    bar.update(1, [("loss", losses[0]), ("acc", 0.25)])
    bar.update(4, [("loss", losses[1]), ("acc", 0.5)])  # covers 3 steps
    bar.update(9, [("loss", losses[2]), ("acc", 0.75)])  # covers 5 steps
    bar.update(10)
    expected = (losses[0] * 1 + losses[1] * 3 + losses[2] * 5) / 9
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert out.endswith(f" - loss: {expected:.4f} - acc: 0.7500\n")
    assert out.startswith(f"10/10 {BAR} 1s ")


def test_final_values_replace_the_running_average(clock, capsys):
    bar = Progbar(2)
    clock.now = 100.5
    bar.update(1, [("loss", 4.0)], finalize=False)
    bar.update(2, [("loss", 2.0)], finalize=False)
    bar.update(2, [("loss", 1.5)], finalize=True)
    assert capsys.readouterr().out.endswith("- loss: 1.5000\n")


def strip_ansi(text):
    return re.sub(r"\x1b\[[0-9]+m", "", text)


def frames_of(out):
    """Each draw is `\\b * previous width + \\r + line`; split into the lines."""
    assert out.startswith("\r")
    return out[1:].split("\r")


def test_terminal_redraws_in_place(terminal, clock, capsys):
    bar = Progbar(4, width=8)
    run_steps(bar, clock, [101.0, 101.2, 101.4, 101.6], [1.0, 0.5, 0.25, 0.125])
    frames = frames_of(capsys.readouterr().out)
    assert len(frames) == 4
    for frame in frames[:-1]:
        line = frame.rstrip("\b")
        # The next draw backs over exactly this line's visible width.
        assert len(frame) - len(line) == len(strip_ansi(line))
    second = frames[1].rstrip("\b")
    # 2/4: half the cells filled; ETA 2 steps * 0.2 s; loss averaged (1 + 0.5) / 2.
    assert second == (
        "\x1b[1m2/4\x1b[0m \x1b[32m" + "\u2501" * 4 + "\x1b[0m\x1b[37m"
        + "\u2501" * 4 + "\x1b[0m \x1b[1m0s\x1b[0m 200ms/step - loss: 0.7500"
    )
    expected = "4/4 " + "\u2501" * 8 + " 2s 200ms/step - loss: 0.1250\n"
    assert strip_ansi(frames[-1]) == expected


def test_terminal_pads_a_shorter_line(terminal, clock, capsys):
    bar = Progbar(1000)
    clock.now = 101.0
    bar.update(1)
    clock.now = 102.0
    bar.update(2)  # ETA 998 s
    clock.now = 1099.0
    bar.update(999)  # ETA 1 s: a shorter line
    frames = frames_of(capsys.readouterr().out)
    longer = strip_ansi(frames[1].rstrip("\b"))
    shorter = strip_ansi(frames[2].rstrip("\b"))
    assert "16:38" in longer and " 1s 1s/step" in shorter
    assert len(longer) == len(shorter)
    assert shorter.endswith(" " * 3)


def test_terminal_throttles_redraws_by_interval(terminal, clock, capsys):
    bar = Progbar(100, interval=1.0)
    for step in range(1, 100):
        clock.now = 100.0 + 0.1 * step
        bar.update(step, [("loss", 1.0)])
    out = capsys.readouterr().out
    # Draws at t=100.1, then whenever a full second has passed: 10 draws in 9.9 s.
    assert out.count("\r") == 10


def test_verbose_2_prints_one_compact_line(clock, capsys):
    bar = Progbar(3, verbose=2)
    run_steps(bar, clock, [101.0, 101.5, 102.0], [0.9, 0.5, 0.3], finalize_last=None)
    assert capsys.readouterr().out == "3/3 - 2s - 500ms/step - loss: 0.3000\n"


def test_verbose_0_prints_nothing(clock, capsys):
    bar = Progbar(2, verbose=0)
    run_steps(bar, clock, [101.0, 102.0], [1.0, 2.0])
    assert capsys.readouterr().out == ""


def test_add_advances_and_unknown_target(clock, capsys):
    bar = Progbar(None, verbose=2)
    clock.now = 101.0
    bar.add(2, [("loss", 3.0)])
    bar.add(1, [("loss", 6.0)])
    assert bar._seen_so_far == 3
    bar.update(3, finalize=True)
    out = capsys.readouterr().out
    assert out.startswith("      3/Unknown - 1s - ")
    assert out.endswith(f"- loss: {(3.0 * 2 + 6.0) / 3:.4f}\n")


def test_tensor_and_array_values(clock, capsys):
    bar = Progbar(2, verbose=2)
    clock.now = 101.0
    bar.update(1, [("loss", keras.ops.convert_to_tensor(np.float32(0.25)))])
    bar.update(2, [("acc", np.array([0.5, 1.0]))], finalize=True)
    out = capsys.readouterr().out
    assert out.endswith(" - loss: 0.2500 - acc: 0.7500\n")


@pytest.mark.parametrize(
    "seconds, expected", [(30.9, "30s"), (125, "2:05"), (3725, "1:02:05")]
)
def test_eta_format(seconds, expected):
    assert progbar_module._format_eta(seconds) == expected


@pytest.mark.parametrize(
    "seconds, expected",
    [(0, "0s/step"), (2.4, "2s/step"), (0.0123, "12ms/step"), (4e-5, "40us/step")],
)
def test_time_per_unit_format(seconds, expected):
    assert progbar_module._format_per_unit(seconds, "step") == expected


def test_eta_while_running_in_terminal(terminal, clock, capsys):
    bar = Progbar(200, unit_name="sample")
    clock.now = 102.0
    bar.update(1)
    clock.now = 103.0
    bar.update(2)  # 1 s per sample after the first, 198 to go
    last = capsys.readouterr().out.split("\r")[-1]
    assert "\x1b[1m3:18\x1b[0m 1s/sample" in last


def test_small_values_use_scientific_notation(clock, capsys):
    bar = Progbar(1, verbose=2)
    bar.update(1, [("loss", 1.234e-4)])
    assert capsys.readouterr().out.endswith("- loss: 1.2340e-04\n")


def test_invalid_verbose():
    with pytest.raises(ValueError, match="`verbose` must be 0, 1 or 2.*verbose=3"):
        Progbar(10, verbose=3)
