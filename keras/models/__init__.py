"""Public namespace `keras.models` (arrives with its own issue; see the README)."""
