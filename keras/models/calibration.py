"""`Model.quantize("gptq" | "awq", config=...)`: quantization from calibration data.

As in Keras 3, the model says how to walk it with a "quantization layer structure":
`{"pre_block_layers": [...], "sequential_blocks": [...]}` (from the config's
`quantization_layer_structure`, else `model.get_quantization_layer_structure(mode)`).
The calibration samples go through the pre-block layers (e.g. an embedding), then
through the blocks one after the other. For each block, the inputs that its Dense and
EinsumDense layers see are recorded while the block runs in float; each such layer is
then quantized from them (GPTQ: their Hessian; AWQ: the inputs themselves, up to
`_AWQ_ROWS` rows), and the block runs again, quantized, to give the next block its
inputs, so that later blocks are calibrated on what the quantized model computes.
"""

import numpy as np

from keras import ops
from keras.layers import quantization
from keras.layers.core import quantized_calibrated
from keras.layers.core.quantized_kernel import QuantizedKernel
from keras.quantizers import calibrated

# Calibration samples per forward pass, and input rows kept per layer for AWQ's search.
_BATCH = 16
_AWQ_ROWS = 4096


def _structure(model, mode, config):
    structure = config.quantization_layer_structure
    if structure is None:
        structure = model.get_quantization_layer_structure(mode)
    if (
        not isinstance(structure, dict)
        or not isinstance(structure.get("pre_block_layers"), (list, tuple))
        or not isinstance(structure.get("sequential_blocks"), (list, tuple))
    ):
        raise ValueError(
            f"For mode='{mode}', a valid quantization structure must be provided either "
            "via `config.quantization_layer_structure` or by overriding "
            "`model.get_quantization_layer_structure(mode)`: a dictionary with keys "
            "'pre_block_layers' and 'sequential_blocks' (lists of layers). Received: "
            f"{structure!r}"
        )
    return list(structure["pre_block_layers"]), list(structure["sequential_blocks"])


def _tokens(tokenizer, text):
    if tokenizer is None:
        raise ValueError(
            "The calibration dataset holds strings: pass a `tokenizer` in the config "
            "(a callable or an object with `tokenize`) that turns them into token ids."
        )
    tokens = tokenizer.tokenize(text) if hasattr(tokenizer, "tokenize") else tokenizer(text)
    if isinstance(tokens, dict):
        tokens = tokens.get("token_ids", tokens.get("input_ids"))
    return np.asarray(ops.convert_to_numpy(tokens)).reshape(-1)


def calibration_samples(config):
    """The calibration inputs as one array (samples, ...): the first `num_samples`
    rows of an array dataset (integer token rows cut to `sequence_length`), the
    samples of an iterable stacked, or strings tokenized, joined and cut into
    `num_samples` windows of `sequence_length` tokens."""
    dataset = config.dataset
    if dataset is None:
        raise ValueError(
            f"{config.mode.upper()} quantization requires a calibration `dataset` in its "
            "config: strings (with a `tokenizer`), an array of samples, or an iterable "
            "of samples."
        )
    count, length = config.num_samples, config.sequence_length
    if isinstance(dataset, str):
        dataset = [dataset]
    if hasattr(dataset, "shape") and hasattr(dataset, "dtype"):
        samples = np.asarray(ops.convert_to_numpy(dataset))[:count]
    else:
        items = []
        for item in dataset:
            items.append(item)
            if len(items) == count:
                break
        if not items:
            raise ValueError("The calibration dataset is empty.")
        if all(isinstance(item, str) for item in items):
            stream = np.concatenate([_tokens(config.tokenizer, t) for t in items])
            windows = max(1, min(count, len(stream) // length))
            stream = stream[: windows * length] if len(stream) >= length else stream
            return stream.reshape(windows, -1).astype("int32")
        samples = np.stack([np.asarray(ops.convert_to_numpy(item)) for item in items])
    if samples.dtype.kind in "iu" and samples.ndim >= 2:
        samples = samples[:, :length]
    return samples


def _targets(block, filters):
    layers = block._flatten_layers(include_self=True) if hasattr(block, "_flatten_layers") else [block]
    return [
        layer
        for layer in layers
        if isinstance(layer, QuantizedKernel)
        and layer.built
        and layer.quantization_mode is None
        and quantization.matches(layer, filters)
    ]


class _Recorder:
    """Records what a layer's `call` receives: the running Hessian 2 x^T x / n (GPTQ)
    or up to `_AWQ_ROWS` input rows (AWQ)."""

    def __init__(self, layer, mode):
        self.layer, self.mode = layer, mode
        self.hessian, self.count, self.rows = None, 0, []

    def add(self, inputs):
        x = quantized_calibrated.input_matrix(self.layer, inputs)
        if self.mode == "awq":
            kept = sum(len(r) for r in self.rows)
            if kept < _AWQ_ROWS:
                self.rows.append(x[: _AWQ_ROWS - kept])
            return
        if self.hessian is None:
            self.hessian = np.zeros((x.shape[1], x.shape[1]))
        total = self.count + len(x)
        self.hessian *= self.count / total
        self.hessian += (2.0 / total) * (x.T @ x)
        self.count = total

    def __enter__(self):
        layer, original = self.layer, self.layer.call

        def recording_call(inputs, *args, **kwargs):
            self.add(inputs)
            return original(inputs, *args, **kwargs)

        object.__setattr__(layer, "call", recording_call)
        return self

    def __exit__(self, *exc):
        object.__delattr__(self.layer, "call")


def _quantize_layer(layer, mode, config, recorder):
    layer.quantize(mode, config=config)
    w = quantized_calibrated.float_matrix(layer)
    if mode == "gptq":
        if recorder.hessian is None:
            raise ValueError(
                f"GPTQ: layer '{layer.name}' saw no calibration inputs; check that it "
                "is called by its block."
            )
        values = calibrated.gptq(
            w,
            recorder.hessian,
            bits=config.weight_bits,
            group_size=config.group_size,
            symmetric=config.symmetric,
            damping=config.hessian_damping,
            activation_order=config.activation_order,
            per_channel=config.per_channel,
        )
        quantized_calibrated.fill(layer, *values)
    else:
        if not recorder.rows:
            raise ValueError(
                f"AWQ: layer '{layer.name}' saw no calibration inputs; check that it "
                "is called by its block."
            )
        q, scale, zero, g_idx, scales = calibrated.awq(
            w,
            np.concatenate(recorder.rows),
            bits=config.weight_bits,
            group_size=config.group_size,
            num_grid_points=config.num_grid_points,
        )
        quantized_calibrated.fill(layer, q, scale, zero, g_idx, scales)


def quantize_model(model, mode, config, filters=None):
    """Quantizes the Dense/EinsumDense layers of the structure's blocks with GPTQ or
    AWQ (see the module docstring)."""
    pre_block, blocks = _structure(model, mode, config)
    samples = calibration_samples(config)
    batches = [
        ops.convert_to_tensor(samples[i : i + _BATCH]) for i in range(0, len(samples), _BATCH)
    ]
    for layer in pre_block:
        batches = [layer(x) for x in batches]
    for block in blocks:
        targets = _targets(block, filters)
        recorders = [_Recorder(layer, mode) for layer in targets]
        for recorder in recorders:
            recorder.__enter__()
        try:
            for x in batches:
                block(x)
        finally:
            for recorder in recorders:
                recorder.__exit__()
        for layer, recorder in zip(targets, recorders):
            _quantize_layer(layer, mode, config, recorder)
        batches = [block(x) for x in batches]
