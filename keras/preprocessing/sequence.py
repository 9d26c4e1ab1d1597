"""Public namespace `keras.preprocessing.sequence`: padding of sequences."""

from keras.utils.lazy_namespace import lazy_namespace

__getattr__, __dir__ = lazy_namespace(
    __name__, {"pad_sequences": "keras.utils.sequence_utils"}
)
