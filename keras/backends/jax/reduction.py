"""jax backend: the reduction ops (see keras/ops/reduction.py for their contract)."""
