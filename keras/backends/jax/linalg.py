"""jax backend: the linalg ops (see keras/ops/linalg.py for their contract)."""
