"""The trainer class of the backend chosen at start-up (the base of keras.Model)."""

import importlib

from keras.backends import active

# openvino runs inference only, like numpy.
_MODULE = {"openvino": "numpy"}.get(active.name, active.name)

Trainer = importlib.import_module(f"keras.trainers.{_MODULE}_trainer").Trainer
