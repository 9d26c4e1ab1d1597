"""Per-engine glue of the fused kernels: `library` loads the compiled modules, one
module per engine (numpy_ops, jax_ops, torch_ops, tf_ops) adapts its tensors,
threads and autodiff, and `install` registers them as "kernel" entries of the
backend's registry (keras/backends/common/registry.py)."""
