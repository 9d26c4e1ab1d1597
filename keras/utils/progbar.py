"""Progbar: the text progress bar printed by `fit`, `evaluate` and `predict`."""

import math
import os
import sys
import time

import numpy as np

from keras.utils import io_utils

_BAR_CHAR = "\u2501"  # ━
_BOLD = "\x1b[1m"
_GREEN = "\x1b[32m"
_GREY = "\x1b[37m"
_RESET = "\x1b[0m"


def _is_interactive():
    """Whether stdout redraws a line in place (a terminal or a notebook)."""
    stdout = sys.stdout
    if hasattr(stdout, "isatty") and stdout.isatty():
        return True
    return "ipykernel" in sys.modules or "PYCHARM_HOSTED" in os.environ


def _to_float(value):
    """The mean of a metric value (Python number, NumPy array or backend tensor)."""
    if not isinstance(value, (int, float, np.ndarray, np.generic)):
        # Imported here so that `keras.utils` does not load a backend engine until a
        # tensor actually reaches the bar.
        from keras.backends import active

        value = active.convert_to_numpy(value)
    return float(np.mean(value))


def _format_eta(seconds):
    seconds = int(seconds)
    if seconds > 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if seconds > 60:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds}s"


def _format_per_unit(seconds, unit_name):
    if seconds >= 1 or seconds == 0:
        return f"{seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms/{unit_name}"
    return f"{seconds * 1e6:.0f}us/{unit_name}"


def _format_metric(value):
    return f"{value:.4f}" if abs(value) > 1e-3 else f"{value:.4e}"


class Progbar:
    """Displays a progress bar with metric averages.

    With `verbose=1` the bar is redrawn in place (`\\r`) while running when stdout is a
    terminal or a notebook; elsewhere (a log file, a pipe) only the finished line is
    printed, once per target. With `verbose=2` only the finished line is printed, in a
    compact form. Metrics not listed in `stateful_metrics` are shown as their average
    over the steps seen, each update weighted by the number of steps it covers; stateful
    metrics are shown as last given.

    Args:
        target: Total number of steps expected, or `None` if unknown.
        width: Width of the bar, in characters.
        verbose: 0 (silent), 1 (bar) or 2 (one line when done).
        interval: Minimum seconds between two redraws of the bar.
        stateful_metrics: Names of metrics shown as given rather than averaged.
        unit_name: What a step is called in the time-per-step display.

    Example:

    >>> bar = Progbar(3)
    >>> for step in range(3):
    ...     bar.update(step + 1, values=[("loss", 0.5 - 0.1 * step)])

    ends with a line such as `3/3 ━━━━━━━━━━━━━━━━━━━━ 0s 1ms/step - loss: 0.3000`
    (the final update shows the values it is given).
    """

    def __init__(
        self,
        target,
        width=20,
        verbose=1,
        interval=0.05,
        stateful_metrics=None,
        unit_name="step",
    ):
        if verbose not in (0, 1, 2):
            raise ValueError(
                f"Progbar: `verbose` must be 0, 1 or 2. Received: verbose={verbose!r}"
            )
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.stateful_metrics = set(stateful_metrics or ())
        self._dynamic_display = _is_interactive()
        # name -> [weighted sum, total weight]; display order is first appearance.
        self._values = {}
        self._values_order = []
        self._seen_so_far = 0
        self._start = time.time()
        self._last_update = 0.0
        self._time_after_first_step = None
        self._prev_total_width = 0

    def update(self, current, values=None, finalize=None):
        """Moves the bar to step `current` and records metric values.

        Args:
            current: Index of the current step (the number of steps done).
            values: List of `(name, value)` tuples (or a dict) of metric values.
            finalize: Whether this is the last update; by default, when `current`
                reaches `target`.
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        if isinstance(values, dict):
            values = values.items()
        if self.verbose:
            for name, value in values or ():
                self._record(name, value, current, finalize)
        self._seen_so_far = current
        now = time.time()
        per_unit = self._time_per_unit(current, now)

        if self.verbose == 1:
            if not finalize and now - self._last_update < self.interval:
                return
            if self._dynamic_display:
                self._redraw(current, now, per_unit, finalize)
            elif finalize:
                _write(self._line(current, now, per_unit, finalize)[0] + "\n")
        elif self.verbose == 2 and finalize:
            _write(self._compact_line(current, now, per_unit) + "\n")
        self._last_update = now

    def add(self, n, values=None):
        """Advances the bar by `n` steps (see `update`)."""
        self.update(self._seen_so_far + n, values)

    def _record(self, name, value, current, finalize):
        if name not in self._values_order:
            self._values_order.append(name)
        value = _to_float(value)
        if name in self.stateful_metrics or finalize:
            # The last update of a run carries the run's final value (fit passes the
            # epoch logs), which replaces the average of the per-step values.
            self._values[name] = [value, 1]
            return
        steps = max(current - self._seen_so_far, 1)
        total = self._values.setdefault(name, [0.0, 0])
        total[0] += value * steps
        total[1] += steps

    def _time_per_unit(self, current, now):
        if not current:
            return 0.0
        # The first step often includes compilation; leave it out once others exist.
        if current == 1:
            self._time_after_first_step = now
        if self._time_after_first_step is not None and current > 1:
            return (now - self._time_after_first_step) / (current - 1)
        return (now - self._start) / current

    def _count(self, current):
        if self.target is None:
            return f"{current:7d}/Unknown"
        digits = int(math.log10(max(self.target, 1))) + 1
        return f"{current:{digits}d}/{self.target}"

    def _metrics(self):
        parts = []
        for name in self._values_order:
            total, weight = self._values[name]
            parts.append(f" - {name}: {_format_metric(total / max(weight, 1))}")
        return "".join(parts)

    def _line(self, current, now, per_unit, finalize):
        """The bar line as (plain text, text with terminal colours)."""
        count = self._count(current)
        plain, styled = count, f"{_BOLD}{count}{_RESET}"
        if self.target is not None:
            done = int(self.width * min(current / max(self.target, 1), 1.0))
            plain += " " + _BAR_CHAR * self.width
            styled += " "
            if done:
                styled += f"{_GREEN}{_BAR_CHAR * done}{_RESET}"
            styled += f"{_GREY}{_BAR_CHAR * (self.width - done)}{_RESET}"
        if self.target is not None and not finalize:
            timing = _format_eta(per_unit * (self.target - current))
        else:
            timing = f"{now - self._start:.0f}s"
        tail = " " + _format_per_unit(per_unit, self.unit_name) + self._metrics()
        return plain + f" {timing}" + tail, styled + f" {_BOLD}{timing}{_RESET}" + tail

    def _redraw(self, current, now, per_unit, finalize):
        plain, styled = self._line(current, now, per_unit, finalize)
        message = "\b" * self._prev_total_width + "\r" + styled
        # Blank out what is left of a longer previous line.
        message += " " * max(self._prev_total_width - len(plain), 0)
        if finalize:
            message += "\n"
        _write(message)
        self._prev_total_width = len(plain)

    def _compact_line(self, current, now, per_unit):
        return (
            f"{self._count(current)} - {now - self._start:.0f}s - "
            f"{_format_per_unit(per_unit, self.unit_name)}{self._metrics()}"
        )


def _write(message):
    if io_utils.is_interactive_logging_enabled():
        sys.stdout.write(message)
        sys.stdout.flush()
    else:
        # Logged lines cannot be redrawn: drop the carriage returns and blank ends.
        text = message.replace("\r", "").strip()
        if text:
            io_utils.print_msg(text)
