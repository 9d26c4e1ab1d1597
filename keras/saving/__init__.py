"""Public namespace `keras.saving` (arrives with its own issue; see the README)."""
