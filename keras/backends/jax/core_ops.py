"""jax backend: the core_ops ops (see keras/ops/core_ops.py for their contract)."""
