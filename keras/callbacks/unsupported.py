"""Callbacks of the Keras API that this implementation does not provide yet."""

from keras.callbacks.callback import Callback


class TensorBoard(Callback):
    """Not implemented: writing TensorBoard event files needs a summary writer that
    this implementation does not have yet. Use `CSVLogger` or a `History` meanwhile."""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError(
            "keras.callbacks.TensorBoard is not implemented yet: this implementation "
            "has no TensorBoard event-file writer. Use keras.callbacks.CSVLogger, or "
            "the History returned by fit(), to record metrics."
        )


class OrbaxCheckpoint(Callback):
    """Not implemented: Orbax checkpointing needs the `orbax-checkpoint` package,
    which this implementation does not integrate yet. Use `ModelCheckpoint` or
    `BackupAndRestore` meanwhile."""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError(
            "keras.callbacks.OrbaxCheckpoint is not implemented yet: Orbax is not "
            "integrated. Use keras.callbacks.ModelCheckpoint or "
            "keras.callbacks.BackupAndRestore."
        )
