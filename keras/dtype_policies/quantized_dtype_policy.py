"""Dtype policies of quantized layers: "<mode>_from_<source policy>".

A quantized policy keeps the compute and variable dtypes of its source policy
("int8_from_mixed_bfloat16" computes in bfloat16) and names the quantization mode the
layer's weights use: "int8", "int4", "float8", "int4/<block_size>",
"gptq/<weight_bits>/<group_size>" or "awq/4/<group_size>".
"""

from keras.backends.common import config
from keras.dtype_policies.dtype_policy import DTypePolicy

QUANTIZATION_MODES = ("int8", "float8", "int4", "gptq", "awq")


class QuantizedDTypePolicy(DTypePolicy):
    """A dtype policy for layers quantized with `mode`.

    Args:
        mode: the quantization mode: "int8", "int4" or "float8" (GPTQ, AWQ and
            sub-channel int4 have their own classes).
        source_name: the float policy the layer had before quantizing (default:
            `keras.config.floatx()`).

    >>> policy = keras.dtype_policies.QuantizedDTypePolicy("int8", "mixed_bfloat16")
    >>> policy.name, policy.compute_dtype, policy.variable_dtype
    ('int8_from_mixed_bfloat16', 'bfloat16', 'float32')
    """

    def __init__(self, mode, source_name=None):
        if source_name is None:
            source_name = config.floatx()
        super().__init__(source_name)
        mode_string = mode
        self._source_name = source_name
        self._quantization_mode = self._parse_mode(mode)
        self._check_quantization_mode(self._quantization_mode, self._compute_dtype)
        self._name = f"{mode_string}_from_{source_name}"
        self._mode_string = mode_string

    def _parse_mode(self, mode):
        """The base mode of `mode` ("int8"...); subclasses parse their parameters."""
        if mode not in QUANTIZATION_MODES:
            raise ValueError(
                f"Invalid quantization mode. Expected one of {QUANTIZATION_MODES}. "
                f"Received: mode={mode}"
            )
        return mode

    def _check_quantization_mode(self, mode, compute_dtype):
        if mode == "int8" and compute_dtype == "float16":
            raise ValueError(
                f"Quantization mode='{mode}' doesn't work well with "
                "compute_dtype='float16'. Use a float32 or bfloat16 source policy."
            )

    @property
    def quantization_mode(self):
        return self._quantization_mode

    def get_config(self):
        return {"mode": self._mode_string, "source_name": self._source_name}

    def __eq__(self, other):
        return type(other) is type(self) and other.get_config() == self.get_config()

    def __hash__(self):
        return hash((type(self).__name__, self._name))

    def __repr__(self):
        return f'<{type(self).__name__} "{self._name}">'


class QuantizedFloat8DTypePolicy(QuantizedDTypePolicy):
    """A dtype policy for float8 layers with delayed scaling.

    Args:
        mode: "float8".
        source_name: the float policy the layer had before quantizing.
        amax_history_length: how many past largest magnitudes the layer keeps to
            compute its scales.
    """

    default_amax_history_length = 1024

    def __init__(self, mode, source_name=None, amax_history_length=1024):
        super().__init__(mode, source_name)
        if not isinstance(amax_history_length, int) or isinstance(amax_history_length, bool):
            raise TypeError(
                "`amax_history_length` must be an integer. "
                f"Received: amax_history_length={amax_history_length}"
            )
        self._amax_history_length = amax_history_length

    @property
    def amax_history_length(self):
        return self._amax_history_length

    def get_config(self):
        config_ = super().get_config()
        config_["amax_history_length"] = self._amax_history_length
        return config_


def _parse_int_fields(mode, prefix, fields, kind):
    """`mode` split as "<prefix>/<field>/...": the fields as ints."""
    expected = "/".join([prefix] + [f"<{f}>" for f in fields])
    parts = mode.split("/") if isinstance(mode, str) else []
    if len(parts) != len(fields) + 1 or parts[0] != prefix:
        raise ValueError(
            f"Invalid mode for {kind}. Expected format '{expected}', but got '{mode}'."
        )
    try:
        return [int(part) for part in parts[1:]]
    except ValueError:
        names = " and ".join(f"<{f}>" for f in fields)
        verb = "must be integers" if len(fields) > 1 else "must be an integer"
        raise ValueError(
            f"Invalid mode for {kind}. {names} {verb}. Expected format '{expected}', "
            f"but got '{mode}'."
        ) from None


def _check_group(value, mode, name, whole):
    if value != -1 and value <= 0:
        raise ValueError(
            f"Invalid {name} in mode. Supported values are -1 ({whole}) or a positive "
            f"integer, but got {value} from '{mode}'."
        )


class Int4DTypePolicy(QuantizedDTypePolicy):
    """A dtype policy for int4 layers quantized in blocks: mode "int4/<block_size>".

    `block_size` is the number of input rows sharing a scale and zero point, or -1 for
    one scale per output channel.
    """

    def _parse_mode(self, mode):
        (block_size,) = _parse_int_fields(mode, "int4", ["block_size"], "Int4DTypePolicy")
        if block_size != -1 and block_size <= 0:
            raise ValueError(
                "Invalid block_size in mode. Supported values are -1 (per-channel) or a "
                f"positive integer (sub-channel), but got {block_size} from '{mode}'."
            )
        self.mode = "int4"
        self.block_size = block_size
        return "int4"


class GPTQDTypePolicy(QuantizedDTypePolicy):
    """A dtype policy for GPTQ layers: mode "gptq/<weight_bits>/<group_size>"."""

    def _parse_mode(self, mode):
        bits, group_size = _parse_int_fields(
            mode, "gptq", ["weight_bits", "group_size"], "GPTQDTypePolicy"
        )
        if bits not in (2, 3, 4, 8):
            raise ValueError(
                "Invalid weight_bits in mode. Supported values are 2, 3, 4, and 8, but "
                f"got {bits} from '{mode}'."
            )
        _check_group(group_size, mode, "group_size", "whole-tensor")
        self.mode = "gptq"
        self.weight_bits = bits
        self.group_size = group_size
        return "gptq"


class AWQDTypePolicy(QuantizedDTypePolicy):
    """A dtype policy for AWQ layers: mode "awq/4/<group_size>"."""

    def _parse_mode(self, mode):
        bits, group_size = _parse_int_fields(
            mode, "awq", ["weight_bits", "group_size"], "AWQDTypePolicy"
        )
        if bits != 4:
            raise ValueError(
                "Invalid weight_bits in mode. AWQ only supports 4-bit quantization, but "
                f"got {bits} from '{mode}'."
            )
        _check_group(group_size, mode, "group_size", "per-channel")
        self.mode = "awq"
        self.weight_bits = bits
        self.group_size = group_size
        return "awq"


def from_name(name):
    """The quantized policy a "<mode>_from_<source>" name describes, or None.

    None when `name` names no quantization mode, so that it is read as a float policy.
    """
    mode, sep, source = name.partition("_from_")
    if not sep:
        return None
    base = mode.split("/")[0]
    if base == "int4" and "/" in mode:
        return Int4DTypePolicy(mode, source)
    if base == "gptq":
        return GPTQDTypePolicy(mode, source)
    if base == "awq":
        return AWQDTypePolicy(mode, source)
    if base == "float8":
        return QuantizedFloat8DTypePolicy(mode, source)
    if base in QUANTIZATION_MODES:
        return QuantizedDTypePolicy(mode, source)
    return None
