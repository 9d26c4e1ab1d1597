"""Activation layers: Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax.

Each layer lives in its own module; import them through `keras.layers`.
"""
