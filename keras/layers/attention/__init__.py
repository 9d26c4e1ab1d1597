"""Attention layers: Attention, AdditiveAttention, MultiHeadAttention and
GroupedQueryAttention.

Each layer lives in its own module; `keras.layers` loads them lazily by name.
"""
