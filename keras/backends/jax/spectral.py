"""jax backend: the spectral ops (see keras/ops/spectral.py for their contract)."""
