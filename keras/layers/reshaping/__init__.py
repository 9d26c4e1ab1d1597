"""Reshaping layers: flatten, reshape, permute, repeat, crop, pad and up-sample.

Each layer (or small family) lives in its own module; `keras.layers` loads them lazily
by name.
"""
