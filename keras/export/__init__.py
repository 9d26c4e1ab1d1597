"""Public namespace `keras.export`: ExportArchive, which writes layers, functions and
variables as a TensorFlow SavedModel (model.export writes the other formats too).

Lazy: each name loads its module on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> the module defining it.
_EXPORTS = {
    "ExportArchive": ".export_archive",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
