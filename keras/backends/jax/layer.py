"""The backend base of keras.layers.Layer: nothing engine-specific is needed here."""

from keras.backends.common import backend_utils

BackendLayer = backend_utils.BackendLayer
