"""Convolution layers: Conv1D/2D/3D, their transposes, depthwise and separable ones.

Each family lives in its own module, over one base class per family for the 1D/2D/3D
variants (and `conv_base.ConvLayerBase` under all of them); `keras.layers` loads them
lazily by name.
"""
