"""Registers the kernels as "kernel" entries of a backend's registry.

Each backend's nn module calls `install(registry, __name__, engine)` at its end. The
binding module of the engine is imported, and its library loaded, only here: a
backend whose kernels are not built (or turned off with KERAS_KERNELS=0) records them
as unavailable, with the reason, and keeps its reference paths.
"""

import importlib

_MODULES = {
    "numpy": "kernels.bindings.numpy_ops",
    "jax": "kernels.bindings.jax_ops",
    "torch": "kernels.bindings.torch_ops",
    "tensorflow": "kernels.bindings.tf_ops",
    "openvino": "kernels.bindings.openvino_ops",
}
_NOTES = {
    "layer_normalization": "fused C++ layer norm: float32/bfloat16, trailing axes",
    "rms_normalization": "fused C++ RMS norm: float32/bfloat16, trailing axes",
    "dot_product_attention": (
        "fused C++ flash attention: float32/bfloat16, no bias or soft cap, causal and "
        "boolean masks, grouped-query heads"
    ),
}


def install(registry, module_name, engine):
    """Adds the kernel entries of `engine` to `registry` (of `module_name`, the
    backend's nn module); returns the names registered."""
    from kernels.bindings import library

    binding_name = _MODULES.get(engine)
    if binding_name is None:
        return ()
    binding = importlib.import_module(binding_name)
    if not binding.available():
        which = "tf" if engine == "tensorflow" else "cpu"
        reason = library.unavailable_reason(which)
        for name in binding.ENTRIES:
            registry.register_unavailable(module_name, name, reason)
        return ()
    for name, function in binding.ENTRIES.items():
        registry.register(
            module_name, name, function, kind="kernel", dtypes=("float32", "bfloat16"),
            note=_NOTES[name],
        )
    return tuple(binding.ENTRIES)
