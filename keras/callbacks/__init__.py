"""Public namespace `keras.callbacks`.

Lazy: a callback's module is imported on first use of its name.
"""

import importlib

_P = "keras.callbacks."

# name -> module that defines it.
_NAMES = {
    "Callback": _P + "callback",
    "CallbackList": _P + "callback_list",
    "History": _P + "history",
    "ProgbarLogger": _P + "progbar_logger",
    "EarlyStopping": _P + "early_stopping",
    "ModelCheckpoint": _P + "model_checkpoint",
    "LearningRateScheduler": _P + "learning_rate_scheduler",
    "ReduceLROnPlateau": _P + "reduce_lr_on_plateau",
    "TerminateOnNaN": _P + "terminate_on_nan",
    "CSVLogger": _P + "csv_logger",
    "LambdaCallback": _P + "lambda_callback",
    "BackupAndRestore": _P + "backup_and_restore",
    "SwapEMAWeights": _P + "swap_ema_weights",
    "RemoteMonitor": _P + "remote_monitor",
    "TensorBoard": _P + "unsupported",
    "OrbaxCheckpoint": _P + "unsupported",
}


def __getattr__(name):
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'keras.callbacks' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_NAMES))
