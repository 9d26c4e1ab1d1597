"""Public namespace `keras.trainers` (arrives with its own issue; see the README)."""
