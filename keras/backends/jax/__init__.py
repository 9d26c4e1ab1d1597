"""The JAX backend: jit-compiled, differentiable, CPU/GPU/TPU."""
