"""Fused C++/CUDA kernels and their per-engine bindings (see kernels/README.md)."""
