"""The backend chosen at start-up (see keras.backends.common.config).

Importing this module imports that one engine and nothing else. Its contract names are
re-exported here, so the rest of keras reads `active.convert_to_tensor` and never names
an engine.
"""

import importlib

from keras.backends.common import config

name = config.backend()
core = importlib.import_module(f"keras.backends.{name}.core")

Variable = core.Variable
convert_to_tensor = core.convert_to_tensor
convert_to_numpy = core.convert_to_numpy
is_tensor = core.is_tensor
cast = core.cast
shape = core.shape
