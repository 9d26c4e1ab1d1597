"""Pooling layers: sliding-window, global and adaptive max and average pooling.

Each small family lives in its own module; `keras.layers` loads them lazily by name.
"""
