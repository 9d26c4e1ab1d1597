"""Public namespace `keras.layers` (arrives with its own issue; see the README)."""
