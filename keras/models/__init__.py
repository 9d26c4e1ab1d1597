"""Public namespace `keras.models`: Model, Sequential, cloning, saving and loading."""

from keras.utils.lazy_namespace import lazy_namespace

_EXPORTS = {
    "Model": ".model",
    "Sequential": ".sequential",
    "clone_model": ".cloning",
    "load_model": "keras.saving.saving_api",
    "model_from_json": "keras.saving.saving_api",
    "save_model": "keras.saving.saving_api",
}


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
