"""Model.quantize("gptq" | "awq"): variables in Keras 3's layout, outputs computed
from them, lower error than plain int4 rounding, saving, and the errors."""

import numpy as np
import pytest

import keras
from keras.models.calibration_testing import TOKENS
from keras.models.calibration_testing import config
from keras.models.calibration_testing import structure
from keras.models.calibration_testing import token_model
from keras.quantizers import calibrated


def numpy_of(value):
    return np.asarray(keras.ops.convert_to_numpy(value))


def error(model, reference):
    y = numpy_of(model.predict(TOKENS, verbose=0))
    return np.linalg.norm(y - reference) / np.linalg.norm(reference)


def plain_rounding_error(model, reference):
    """The error of rounding the same layers to the same grid without calibration."""
    model = keras.models.clone_model(model)
    model.set_weights(token_model().get_weights())
    for layer in (model.get_layer("block").get_layer("e1"), model.get_layer("d2")):
        kernel = numpy_of(layer._kernel).reshape(64, -1)
        q, scale, zero, g_idx = calibrated.round_to_nearest(kernel.T, 4, 32)
        approx = calibrated.dequantize(q, scale, zero, g_idx).T
        layer._kernel.assign(approx.reshape(layer._kernel.shape).astype("float32"))
    return error(model, reference)


@pytest.mark.parametrize("mode", ["gptq", "awq"])
def test_layout_outputs_and_error(mode):
    model = token_model()
    reference = numpy_of(model.predict(TOKENS, verbose=0))
    baseline = plain_rounding_error(model, reference)
    model.quantize(mode, config=config(mode, model))
    e1 = model.get_layer("block").get_layer("e1")
    d2 = model.get_layer("d2")
    expected = {
        "e1": [("bias", (4, 16), "float32"), ("kernel", (32, 64), "uint8"),
               ("kernel_scale", (64, 2), "float32"), ("zero_point", (64, 2), "uint8")],
        "d2": [("bias", (10,), "float32"), ("kernel", (5, 64), "uint8"),
               ("kernel_scale", (10, 2), "float32"), ("kernel_zero", (10, 2), "uint8")],
    }
    for layer in (e1, d2):
        rows = expected[layer.name]
        if mode == "awq":
            rows = rows + [("awq_scales", (64,), "float32")]
        rows = rows + [("g_idx", (64,), "float32")]
        got = [(v.name, tuple(v.shape), str(v.dtype)) for v in layer.weights]
        assert got == rows
        assert layer.dtype_policy.name == f"{mode}/4/32_from_float32"
        assert not any(v.trainable for v in layer.weights if v.name != "bias")
    # The layers compute with what their variables stand for.
    values = {v.name: numpy_of(v) for v in d2.weights}
    q = calibrated.unpack_rows(values["kernel"], 10)
    w = calibrated.dequantize(q, values["kernel_scale"], values["kernel_zero"], values["g_idx"]).T
    if mode == "awq":
        w = w / values["awq_scales"][:, None]
    h = np.random.default_rng(2).normal(size=(3, 64)).astype("float32")
    np.testing.assert_allclose(numpy_of(d2(h)), h @ w + values["bias"], rtol=1e-5, atol=1e-5)
    # Calibration lowers the error of plain int4 rounding on the calibration set.
    assert error(model, reference) < baseline


@pytest.mark.parametrize("mode", ["gptq", "awq"])
def test_save_and_load(tmp_path, mode):
    model = token_model()
    model.quantize(mode, config=config(mode, model))
    expected = numpy_of(model.predict(TOKENS[:4], verbose=0))
    path = str(tmp_path / "m.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(numpy_of(loaded.predict(TOKENS[:4], verbose=0)), expected, atol=1e-6)
    assert loaded.get_layer("d2").quantization_config.mode == mode
    weights = str(tmp_path / "m.weights.h5")
    model.save_weights(weights)
    fresh = token_model()
    fresh.quantize(mode, config=config(mode, fresh))
    fresh.load_weights(weights)
    np.testing.assert_allclose(numpy_of(fresh.predict(TOKENS[:4], verbose=0)), expected, atol=1e-6)


def test_gptq_settings():
    for settings in ({"weight_bits": 8, "group_size": -1}, {"weight_bits": 3}, {"symmetric": True, "activation_order": True}):
        model = token_model()
        reference = numpy_of(model.predict(TOKENS, verbose=0))
        model.quantize("gptq", config=config("gptq", model, **settings))
        bits = settings.get("weight_bits", 4)
        d2 = model.get_layer("d2")
        assert tuple(d2.weights[1].shape) == ((5, 64) if bits == 4 else (10, 64))
        bound = {8: 0.01, 4: 0.15, 3: 0.3}[bits]
        assert error(model, reference) < bound
        if settings.get("symmetric"):
            np.testing.assert_array_equal(numpy_of(d2.kernel_zero), 8)


def test_strings_with_a_tokenizer():
    model = token_model()
    vocabulary = {}

    def tokenizer(text):
        return [vocabulary.setdefault(word, len(vocabulary) % 100) for word in text.split()]

    texts = [" ".join(f"w{i * 7 % 53}" for i in range(j, j + 40)) for j in range(10)]
    cfg = config("gptq", model, dataset=texts, tokenizer=tokenizer, num_samples=8)
    model.quantize("gptq", config=cfg)
    assert model.get_layer("d2").quantization_mode == "gptq"
    with pytest.raises(ValueError, match="tokenizer"):
        other = token_model()
        other.quantize("gptq", config=config("gptq", other, dataset=texts))


def test_errors():
    model = token_model()
    cfg = config("gptq", model, quantization_layer_structure=None)
    with pytest.raises(ValueError, match="get_quantization_layer_structure"):
        model.quantize("gptq", config=cfg)
    with pytest.raises(ValueError, match="GPTQConfig"):
        model.quantize("gptq")
    with pytest.raises(ValueError, match="dataset"):
        model.quantize("gptq", config=config("gptq", model, dataset=None))
    embedding = keras.layers.Embedding(10, 4)
    embedding.build()
    with pytest.raises(NotImplementedError, match="gptq"):
        embedding.quantize("gptq", config=cfg)


def test_structure_from_the_model_and_a_lone_layer():
    class Walked(keras.Model):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def call(self, tokens):
            return self.inner(tokens)

        def get_quantization_layer_structure(self, mode=None):
            return structure(self.inner)

    base = token_model()
    model = Walked(base)
    model(TOKENS[:2])
    model.quantize("awq", config=config("awq", base, quantization_layer_structure=None))
    assert base.get_layer("d2").quantization_mode == "awq"
    # A lone layer gets its variables and keeps computing in float until filled.
    dense = keras.layers.Dense(4)
    dense.build((None, 6))
    x = np.ones((2, 6), "float32")
    before = numpy_of(dense(x))
    dense.quantize("gptq", config=config("gptq", base))
    assert [v.name for v in dense.weights][-4:] == ["kernel", "kernel_scale", "kernel_zero", "g_idx"]
    np.testing.assert_allclose(numpy_of(dense(x)), before)


def test_lora_on_a_gptq_layer_saves_the_merged_kernel(tmp_path):
    model = token_model()
    model.quantize("gptq", config=config("gptq", model))
    d2 = model.get_layer("d2")
    d2.enable_lora(2)
    d2.lora_kernel_b.assign(np.full((2, 10), 0.5, "float32"))
    eye = np.eye(64, dtype="float32")
    delta = numpy_of(d2.lora_kernel_a) @ numpy_of(d2.lora_kernel_b) * (d2.lora_alpha / d2.lora_rank)
    merged = numpy_of(d2(eye)) - numpy_of(d2.bias)
    path = str(tmp_path / "lora.keras")
    model.save(path)
    loaded = keras.saving.load_model(path).get_layer("d2")
    assert not loaded.lora_enabled or not numpy_of(loaded.lora_kernel_b).any()
    written = numpy_of(loaded(eye)) - numpy_of(loaded.bias)
    # The file holds the merged kernel rounded to the layer's int4 grid: within half
    # a step of it, and not the kernel without the LoRA delta.
    g_idx = numpy_of(loaded.g_idx).astype(int)
    half_step = numpy_of(loaded.kernel_scale)[:, g_idx].T / 2
    assert np.all(np.abs(written - merged) <= half_step + 1e-6)
    assert np.abs(written - (merged - delta)).max() > 2 * half_step.max()
