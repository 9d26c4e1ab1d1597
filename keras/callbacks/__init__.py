"""Public namespace `keras.callbacks`.

Lazy: a callback's module is imported on first use of its name.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> the module defining it.
_EXPORTS = {
    "Callback": ".callback",
    "CallbackList": ".callback_list",
    "History": ".history",
    "ProgbarLogger": ".progbar_logger",
    "EarlyStopping": ".early_stopping",
    "ModelCheckpoint": ".model_checkpoint",
    "LearningRateScheduler": ".learning_rate_scheduler",
    "ReduceLROnPlateau": ".reduce_lr_on_plateau",
    "TerminateOnNaN": ".terminate_on_nan",
    "CSVLogger": ".csv_logger",
    "LambdaCallback": ".lambda_callback",
    "BackupAndRestore": ".backup_and_restore",
    "SwapEMAWeights": ".swap_ema_weights",
    "RemoteMonitor": ".remote_monitor",
    "TensorBoard": ".tensorboard",
    "OrbaxCheckpoint": ".orbax_checkpoint",
}


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
