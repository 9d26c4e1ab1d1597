"""GPTQConfig: the settings of GPTQ post-training quantization (`model.quantize("gptq")`).

GPTQ quantizes a layer's weights column by column, correcting the columns left with
the error of those done, using the inputs the layer sees on a calibration dataset.
"""

from keras.quantizers.quantization_config import QuantizationConfig
from keras.saving import serialization_lib

_GPTQ_BITS = (2, 3, 4, 8)


def check_positive_int(value, name):
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{name} must be a positive integer. Received: {name}={value!r}")


def check_group_size(group_size, whole):
    if not isinstance(group_size, int) or (group_size != -1 and group_size <= 0):
        raise ValueError(
            f"Invalid group_size. Supported values are -1 ({whole}) or a positive "
            f"integer, but got {group_size}."
        )


class CalibrationConfig(QuantizationConfig):
    """The base of the configs of calibrated quantization (GPTQ, AWQ): a dataset and
    tokenizer (never serialized: a loaded config has None for both) plus the settings
    named in `SETTINGS`, and a dtype policy mode "<mode>/<weight_bits>/<group_size>"."""

    SETTINGS = ()

    def dtype_policy_string(self):
        """The quantization mode of the dtype policy name, e.g. "gptq/4/128"."""
        return f"{self.mode}/{self.weight_bits}/{self.group_size}"

    def get_config(self):
        config = {"dataset": None, "tokenizer": None}
        config.update({name: getattr(self, name) for name in self.SETTINGS})
        # A structure of layer objects cannot be written to a file (Keras 3.15.1
        # recurses forever on it); it is only needed while quantizing.
        if not serialization_lib.is_plain(config.get("quantization_layer_structure")):
            config["quantization_layer_structure"] = None
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class GPTQConfig(CalibrationConfig):
    """Settings of GPTQ quantization.

    Args:
        dataset: calibration samples (strings, token arrays, or an iterable of them).
        tokenizer: turns the dataset's strings into token ids (None if already ids).
        weight_bits: bits per weight: 2, 3, 4 or 8.
        num_samples: how many calibration samples to use.
        per_channel: one scale per output channel (else per tensor).
        sequence_length: the length calibration sequences are cut or padded to.
        hessian_damping: the fraction of the Hessian's mean diagonal added to it, in
            [0, 1], for numerical stability.
        group_size: input rows sharing one scale, or -1 for the whole column.
        symmetric: symmetric quantization (no zero point).
        activation_order: quantize columns in order of decreasing Hessian diagonal.
        quantization_layer_structure: for models GPTQ cannot walk itself, a dict
            naming the model's "pre_block_layers" and "sequential_blocks".
    """

    SETTINGS = (
        "weight_bits",
        "num_samples",
        "per_channel",
        "sequence_length",
        "hessian_damping",
        "group_size",
        "symmetric",
        "activation_order",
        "quantization_layer_structure",
    )

    def __init__(
        self,
        dataset,
        tokenizer,
        *,
        weight_bits: int = 4,
        num_samples: int = 128,
        per_channel: bool = True,
        sequence_length: int = 512,
        hessian_damping: float = 0.01,
        group_size: int = 128,
        symmetric: bool = False,
        activation_order: bool = False,
        quantization_layer_structure: dict = None,
    ):
        super().__init__()
        if weight_bits not in _GPTQ_BITS:
            raise ValueError(
                f"Unsupported weight_bits {weight_bits}. Supported values are 2, 3, 4, "
                "and 8."
            )
        check_positive_int(num_samples, "num_samples")
        check_positive_int(sequence_length, "sequence_length")
        if not 0.0 <= hessian_damping <= 1.0:
            raise ValueError(
                f"hessian_damping must be between 0 and 1. Received: {hessian_damping}"
            )
        check_group_size(group_size, "whole-tensor")
        self.dataset = dataset
        self.tokenizer = tokenizer
        self.num_samples = num_samples
        self.per_channel = per_channel
        self.sequence_length = sequence_length
        self.hessian_damping = hessian_damping
        self.weight_bits = weight_bits
        self.group_size = group_size
        self.symmetric = symmetric
        self.activation_order = activation_order
        self.quantization_layer_structure = quantization_layer_structure

    @property
    def mode(self):
        return "gptq"
