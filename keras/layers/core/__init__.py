"""Core layers: Dense, EinsumDense, Embedding, Identity, Lambda, Masking.

Each layer lives in its own module; import them through `keras.layers`.
"""
