"""Public namespace `keras.legacy`: what Keras 3 keeps of the Keras 2 API.

Only `keras.legacy.saving` (Keras 2 format (de)serialization) lives here; it loads on
first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

__all__ = ["saving"]

__getattr__, __dir__ = lazy_namespace(__name__, submodules=("saving",))
