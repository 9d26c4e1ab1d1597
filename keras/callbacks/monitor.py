"""Which way a monitored metric improves, shared by the monitoring callbacks."""

import warnings

MODES = ("auto", "min", "max")


def check_mode(mode, owner):
    """`mode` if valid; else warns and falls back to "auto", as Keras does."""
    if mode in MODES:
        return mode
    warnings.warn(
        f"{owner}: unknown `mode`={mode!r}; expected one of {MODES}. Falling back to "
        "'auto'.",
        stacklevel=3,
    )
    return "auto"


def model_metric_direction(model, monitor):
    """"up" or "down" for a metric the model tracks under `monitor`, else `None`.

    Metrics declare their direction with a `_direction` attribute ("up" for accuracy,
    "down" for errors); `model.metrics` may hold containers with their own `.metrics`.
    """
    name = monitor[len("val_") :] if monitor.startswith("val_") else monitor
    if name == "loss":
        return "down"
    pending = list(getattr(model, "metrics", None) or [])
    while pending:
        metric = pending.pop(0)
        inner = getattr(metric, "metrics", None)
        if isinstance(inner, (list, tuple)):
            pending.extend(inner)
        if getattr(metric, "name", None) == name:
            direction = getattr(metric, "_direction", None)
            if direction in ("up", "down"):
                return direction
    return None


def warn_missing(owner, monitor, logs):
    warnings.warn(
        f"{owner} is conditioned on metric `{monitor}` which is not available. "
        f"Available metrics are: {', '.join(logs)}",
        stacklevel=3,
    )
