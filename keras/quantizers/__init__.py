"""Public namespace `keras.quantizers`: quantizers, quantization configs and the
functions that quantize tensors (int8, int4 packing, float8 scaling, fake quant).

Lazy: a name loads its module on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> (module, attribute).
_EXPORTS = {
    "Quantizer": (".quantizer", "Quantizer"),
    "AbsMaxQuantizer": (".quantizer", "AbsMaxQuantizer"),
    "QuantizationConfig": (".quantization_config", "QuantizationConfig"),
    "Int8QuantizationConfig": (".quantization_config", "Int8QuantizationConfig"),
    "Int4QuantizationConfig": (".quantization_config", "Int4QuantizationConfig"),
    "Float8QuantizationConfig": (".quantization_config", "Float8QuantizationConfig"),
    "GPTQConfig": (".gptq_config", "GPTQConfig"),
    "AWQConfig": (".awq_config", "AWQConfig"),
    "abs_max_quantize": (".abs_max", "abs_max_quantize"),
    "abs_max_quantize_grouped_with_zero_point": (
        ".abs_max",
        "abs_max_quantize_grouped_with_zero_point",
    ),
    "compute_float8_amax_history": (".float8", "compute_float8_amax_history"),
    "compute_float8_scale": (".float8", "compute_float8_scale"),
    "quantize_and_dequantize": (".float8", "quantize_and_dequantize"),
    "fake_quant_with_min_max_vars": (".fake_quant", "fake_quant_with_min_max_vars"),
    "pack_int4": (".int4_packing", "pack_int4"),
    "unpack_int4": (".int4_packing", "unpack_int4"),
    "get": (".lookup", "get"),
    "serialize": (".lookup", "serialize"),
    "deserialize": (".lookup", "deserialize"),
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
