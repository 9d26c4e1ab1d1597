"""The trainer class of the backend chosen at start-up (the base of keras.Model)."""

import importlib

from keras.backends import active

Trainer = importlib.import_module(f"keras.trainers.{active.name}_trainer").Trainer
