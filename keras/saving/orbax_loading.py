"""`load_model(directory)` of an Orbax checkpoint folder (keras.callbacks.
OrbaxCheckpoint's, or Keras 3's): the model rebuilt from the latest step's config,
with its state (`model.load_weights(directory)`, in weights_file.py, restores the
state only)."""

from keras.callbacks import orbax_state
from keras.saving import keras_archive


def is_checkpoint_root(path):
    return orbax_state.is_root(path)


def load_model(directory, custom_objects=None, compile=True, safe_mode=True):
    where = f"'{directory}' (Orbax checkpoint)"
    config, tree = orbax_state.read(directory)
    if config is None:
        raise ValueError(
            f"load_model: {where} was saved with weights only (no model config); build "
            "the model and call `model.load_weights(directory)`."
        )
    if not compile:
        config = dict(config)
        config["compile_config"] = None
    model = keras_archive.rebuild(config, where, custom_objects, safe_mode)
    orbax_state.restore(model, tree, where)
    return model

