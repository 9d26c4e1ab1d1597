"""Pickling support for the scikit-learn wrappers: their Keras models travel as
`.keras` archives (bytes), since a trained model holds compiled functions and
engine state that pickle cannot carry.

scikit-learn pickles estimators to copy them between processes (joblib,
`GridSearchCV(n_jobs=...)`) and to persist them.
"""

import copy
import os
import tempfile

from keras.models.model import Model
from keras.saving import saving_api


class ArchivedModel:
    """A Keras model stored as the bytes of its `.keras` archive."""

    def __init__(self, model):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "model.keras")
            saving_api.save_model(model, path)
            with open(path, "rb") as file:
                self.data = file.read()

    def restore(self):
        """The model again (weights, and compile arguments when it was compiled)."""
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "model.keras")
            with open(path, "wb") as file:
                file.write(self.data)
            return saving_api.load_model(path)


def picklable_state(state):
    """A copy of an estimator's `__dict__` whose models are archived."""
    state = dict(state)
    for key, value in state.items():
        if isinstance(value, Model):
            state[key] = ArchivedModel(value)
    history = state.get("history_")
    if history is not None and getattr(history, "_model", None) is not None:
        # The History callback points at the model it recorded; the copy does not.
        history = copy.copy(history)
        history._model = None
        state["history_"] = history
    return state


def restored_state(state):
    """The inverse of `picklable_state`."""
    state = dict(state)
    for key, value in state.items():
        if isinstance(value, ArchivedModel):
            state[key] = value.restore()
    return state
