"""The NumPy backend: eager, CPU-only, no gradients (inference and reference math)."""
