"""Regularization layers: dropout variants, Gaussian noise and activity regularization.

Each layer lives in its own module; `keras.layers` loads them lazily by name.
"""
