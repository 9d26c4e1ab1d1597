"""AWQConfig: the settings of activation-aware weight quantization (`model.quantize("awq")`).

AWQ searches, per layer, a per-input-channel scaling of the weights (driven by the
activation magnitudes seen on a calibration dataset) that minimizes the int4
quantization error of the layer's outputs.
"""

from keras.quantizers.gptq_config import CalibrationConfig
from keras.quantizers.gptq_config import check_group_size
from keras.quantizers.gptq_config import check_positive_int


class AWQConfig(CalibrationConfig):
    """Settings of AWQ quantization (4-bit weights).

    Args:
        dataset: calibration samples (strings, token arrays, or an iterable of them).
        tokenizer: turns the dataset's strings into token ids (None if already ids).
        weight_bits: bits per weight; AWQ supports 4 only.
        num_samples: how many calibration samples to use.
        sequence_length: the length calibration sequences are cut or padded to.
        group_size: input rows sharing one scale, or -1 for one per output channel.
        num_grid_points: how many scaling exponents the search tries in [0, 1].
        quantization_layer_structure: for models AWQ cannot walk itself, a dict
            naming the model's "pre_block_layers" and "sequential_blocks".
    """

    SETTINGS = (
        "weight_bits",
        "num_samples",
        "sequence_length",
        "group_size",
        "num_grid_points",
        "quantization_layer_structure",
    )

    def __init__(
        self,
        dataset,
        tokenizer,
        *,
        weight_bits: int = 4,
        num_samples: int = 128,
        sequence_length: int = 512,
        group_size: int = 128,
        num_grid_points: int = 20,
        quantization_layer_structure: dict = None,
    ):
        super().__init__()
        if weight_bits != 4:
            raise ValueError(
                f"AWQ only supports 4-bit quantization. Received weight_bits={weight_bits}."
            )
        check_positive_int(num_samples, "num_samples")
        check_positive_int(sequence_length, "sequence_length")
        check_group_size(group_size, "per-channel")
        check_positive_int(num_grid_points, "num_grid_points")
        self.dataset = dataset
        self.tokenizer = tokenizer
        self.weight_bits = weight_bits
        self.num_samples = num_samples
        self.sequence_length = sequence_length
        self.group_size = group_size
        self.num_grid_points = num_grid_points
        self.quantization_layer_structure = quantization_layer_structure

    @property
    def mode(self):
        return "awq"
