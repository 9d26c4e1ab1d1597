"""Test helpers: a fake model and optimizer with the interface callbacks use, and a
minimal fit loop that drives a CallbackList as a trainer does."""

import numpy as np

import keras
from keras.callbacks.callback_list import CallbackList


class FakeMetric:
    def __init__(self, name, direction):
        self.name = name
        self._direction = direction


class FakeOptimizer:
    """An optimizer's visible state: a learning rate and a few slot variables."""

    def __init__(self, shapes, learning_rate=0.01, build_lazily=False):
        self._learning_rate = keras.Variable(
            learning_rate, dtype="float32", trainable=False, name="learning_rate"
        )
        self._shapes = shapes
        self.built = False
        self.variables = []
        if not build_lazily:
            self.build(None)

    def build(self, variables):
        self.iterations = keras.Variable(0, dtype="int32", trainable=False)
        self.momentums = [keras.Variable(np.zeros(s, "float32")) for s in self._shapes]
        self.variables = [self.iterations] + self.momentums
        self.built = True

    @property
    def learning_rate(self):
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self._learning_rate.assign(value)


class FakeModel:
    """Trainable variables with a deterministic `train_step`; files it writes hold
    its weights as .npz data."""

    def __init__(self, shapes=((3, 2), (2,)), seed=0, metrics=(), **optimizer_kwargs):
        rng = np.random.default_rng(seed)
        self.trainable_variables = [
            keras.Variable(rng.normal(size=s).astype("float32")) for s in shapes
        ]
        self.optimizer = FakeOptimizer(shapes, **optimizer_kwargs)
        self.metrics = list(metrics)
        self.stop_training = False
        self.steps_run = []  # (epoch, step) of every train_step
        self.saved = []  # (kind, path) of every save

    def get_weights(self):
        return [np.array(v.numpy()) for v in self.trainable_variables]

    def set_weights(self, weights):
        for variable, value in zip(self.trainable_variables, weights):
            variable.assign(value)

    def save_weights(self, filepath, overwrite=True):
        with open(filepath, "wb") as f:
            np.savez(f, *self.get_weights())
        self.saved.append(("weights", filepath))

    def load_weights(self, filepath):
        with np.load(filepath) as data:
            self.set_weights([data[f"arr_{i}"] for i in range(len(data.files))])

    def save(self, filepath, overwrite=True):
        with open(filepath, "wb") as f:
            np.savez(f, *self.get_weights())
        self.saved.append(("model", filepath))

    def train_step(self, epoch, step):
        """An update that depends on the state, so a resumed run must restore it."""
        self.steps_run.append((epoch, step))
        self.optimizer.iterations.assign_add(1)
        scale = 0.01 * (int(self.optimizer.iterations.numpy()) % 7)
        pairs = zip(self.trainable_variables, self.optimizer.momentums)
        for variable, momentum in pairs:
            momentum.assign(0.5 * np.array(momentum) + np.array(variable))
            variable.assign(0.9 * np.array(variable) - scale * np.array(momentum))


def fit(model, callbacks, epochs, steps, epoch_logs=None, batch_logs=None, verbose=0):
    """Runs the callback protocol of `Model.fit` over `model.train_step`.

    `epoch_logs(epoch)` and `batch_logs(epoch, step)` give the logs (default: none).
    A callback with `_initial_epoch`/`_initial_step` (BackupAndRestore) sets where
    training resumes.
    """
    callback_list = CallbackList(
        callbacks,
        add_history=True,
        add_progbar=verbose != 0,
        model=model,
        verbose=verbose,
        epochs=epochs,
        steps=steps,
    )
    model.stop_training = False
    callback_list.on_train_begin()
    initial_epoch, initial_step = 0, 0
    for callback in callback_list.callbacks:
        if hasattr(callback, "_initial_step"):
            initial_epoch = callback._initial_epoch
            initial_step = callback._initial_step
    logs = {}
    for epoch in range(initial_epoch, epochs):
        callback_list.on_epoch_begin(epoch)
        first = initial_step if epoch == initial_epoch else 0
        for step in range(first, steps):
            callback_list.on_train_batch_begin(step)
            model.train_step(epoch, step)
            callback_list.on_train_batch_end(
                step, batch_logs(epoch, step) if batch_logs else {}
            )
            if model.stop_training:
                break
        logs = dict(epoch_logs(epoch)) if epoch_logs else {}
        callback_list.on_epoch_end(epoch, logs)
        if model.stop_training:
            break
    callback_list.on_train_end(logs)
    return model.history
