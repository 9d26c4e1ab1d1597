"""What `Layer.quantize` and `Model.quantize` share: the modes, the checks of their
arguments, the name of the dtype policy a quantized layer gets, and choosing layers.

The quantized math itself lives with the layers that support it
(keras/layers/core/quantized.py); this module holds no engine or op code.
"""

import re

# Every mode Keras 3 names; this keras quantizes layers with the ones in SUPPORTED.
MODES = ("int8", "float8", "int4", "gptq", "awq")
SUPPORTED = ("int8", "int4")
# Dense and EinsumDense also train in float8 and take GPTQ and AWQ.
KERNEL_SUPPORTED = ("int8", "int4", "float8", "gptq", "awq")


def resolve_mode(mode, config):
    """The mode to use from `mode` and/or `config` (a QuantizationConfig).

    Raises:
        ValueError: neither is given, they disagree, or the mode is unknown.
    """
    if mode is None and config is None:
        raise ValueError("You must provide either `mode` or `config` to `quantize`.")
    config_mode = getattr(config, "mode", None) if config is not None else None
    if mode is None:
        mode = config_mode
    elif config_mode is not None and config_mode != mode:
        raise ValueError(
            f"Contradictory arguments: mode='{mode}' but config.mode='{config_mode}'"
        )
    if mode not in MODES:
        raise ValueError(
            f"Invalid quantization mode. Expected one of {MODES}. Received: mode={mode}"
        )
    if mode in ("gptq", "awq") and config is None:
        name = "GPTQConfig" if mode == "gptq" else "AWQConfig"
        raise ValueError(
            f"For {mode.upper()}, you must pass a `{name}` object in the `config` "
            "argument."
        )
    return mode


def not_implemented(layer, hint=""):
    """The error `quantize` raises on a layer whose class has no quantization."""
    return NotImplementedError(
        f"Layer {type(layer).__name__} does not have a `quantize` method implemented."
        + hint
    )


def check_layer(layer, mode, type_check=False, supported=SUPPORTED):
    """Checks that `layer` can be quantized now (built, not quantized yet) and, with
    `type_check`, that its class is one that quantizes itself, and that `mode` is one
    of the layer's `supported` modes.

    The classes that do (Dense, EinsumDense, Embedding, ReversibleEmbedding) set
    `_quantizable = True` in their own body; a subclass does not inherit that, as in
    Keras 3: its `call` may compute something the quantized product does not, so it
    must override `quantize` (and may call `super().quantize(..., type_check=False)`).
    """
    if not layer.built:
        raise ValueError(
            "Cannot quantize a layer that isn't yet built. Layer "
            f"'{layer.name}' (of type '{type(layer).__name__}') is not built yet."
        )
    current = getattr(layer.dtype_policy, "quantization_mode", None)
    if current is not None:
        raise ValueError(
            f"Layer '{layer.name}' is already quantized with "
            f"dtype_policy='{layer.dtype_policy.name}'. Received: mode={mode}"
        )
    if type_check and not vars(type(layer)).get("_quantizable", False):
        raise not_implemented(
            layer,
            f" {type(layer).__name__} subclasses a quantizable layer: override "
            "`quantize` in it, or call `quantize(..., type_check=False)` to quantize "
            "it as its parent class.",
        )
    if mode not in supported:
        raise NotImplementedError(
            f"Layer '{layer.name}' ({type(layer).__name__}): quantization mode "
            f"'{mode}' is not supported by this keras; use one of {supported}."
        )


def int4_block_size(config, policy):
    """The int4 group size: the config's `block_size`, else the one in the policy's
    mode ("int4/128"); None (or -1) means one scale per output channel."""
    if config is not None and hasattr(config, "block_size"):
        size = config.block_size
    else:
        mode = getattr(policy, "mode", None) or _policy_mode(policy)
        size = int(mode.split("/", 1)[1]) if "/" in mode else None
    if size is None or size == -1:
        return None
    return int(size)


def _policy_mode(policy):
    name = policy.name
    return name.split("_from_", 1)[0] if "_from_" in name else name


def policy_name(mode, config, source_policy):
    """The dtype policy name of a layer quantized from `source_policy`, as Keras 3
    spells it: "int8_from_float32", "int4/128_from_float32", "int4/-1_from_..."."""
    if mode == "int4":
        size = getattr(config, "block_size", 128) if config is not None else 128
        mode = f"int4/{-1 if size is None else size}"
    return f"{mode}_from_{source_policy.name}"


def matches(layer, filters):
    """Whether `Model.quantize(filters=...)` selects `layer`: no filters, a regex (or
    a list of regexes) searched in the layer name, or a callable of the layer."""
    if filters is None:
        return True
    if callable(filters):
        return bool(filters(layer))
    if isinstance(filters, str):
        filters = [filters]
    if isinstance(filters, (list, tuple)) and all(isinstance(f, str) for f in filters):
        return any(re.search(pattern, layer.name) for pattern in filters)
    raise ValueError(
        "`filters` must be None, a regex string, a list of regex strings or a "
        f"callable taking a layer; received filters={filters!r}."
    )
