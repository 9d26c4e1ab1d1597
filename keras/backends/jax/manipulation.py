"""jax backend: the manipulation ops (see keras/ops/manipulation.py for their contract)."""
