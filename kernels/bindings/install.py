"""Registers the kernels as "kernel" entries of a backend's registry.

Each backend's nn and products modules call `install(registry, __name__, engine)` at
their end; a binding's `ENTRIES` are nn functions, its `PRODUCT_ENTRIES` products ones. The
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
    "_int8_matmul_2d": (
        "C++ int8 x int8 -> int32 product for a few rows (quantized layers' inference)"
    ),
}
_ENTRY_DTYPES = {"_int8_matmul_2d": ("int8",)}


def entries_of(binding, module_name):
    """The entries `binding` has for the backend module `module_name` (by family)."""
    family = module_name.rsplit(".", 1)[-1]
    if family == "products":
        return getattr(binding, "PRODUCT_ENTRIES", {})
    if family == "nn":
        return binding.ENTRIES
    return {}


def install(registry, module_name, engine):
    """Adds the kernel entries of `engine` to `registry` (of `module_name`, the
    backend's nn or products module); returns the names registered."""
    from kernels.bindings import library

    binding_name = _MODULES.get(engine)
    if binding_name is None:
        return ()
    binding = importlib.import_module(binding_name)
    entries = entries_of(binding, module_name)
    if not binding.available():
        which = "tf" if engine == "tensorflow" else "cpu"
        reason = library.unavailable_reason(which)
        for name in entries:
            registry.register_unavailable(module_name, name, reason)
        return ()
    for name, function in entries.items():
        registry.register(
            module_name, name, function, kind="kernel",
            dtypes=_ENTRY_DTYPES.get(name, ("float32", "bfloat16")), note=_NOTES[name],
        )
    return tuple(entries)
