"""The Layer base: lifecycle, tracking, training/mask propagation, dtypes, state, errors."""

import numpy as np
import pytest

import keras
from keras import ops
from keras.backends import active
from keras.layers import testing
from keras.layers.testing import FIT_GAPS


class Linear(keras.Layer):
    def __init__(self, units, use_counter=False, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.use_counter = use_counter

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")
        if self.use_counter:
            self.counter = self.add_weight(
                shape=(), initializer="zeros", trainable=False, name="counter"
            )

    def call(self, x):
        if self.use_counter:
            self.counter.assign(self.counter + 1.0)
        return ops.matmul(x, self.kernel) + self.bias


class Block(keras.Layer):
    """Sub-layers in an attribute, a list and a dict."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.first = Linear(3, name="first")
        self.stack = [Linear(4, name="in_list"), Linear(2, name="in_list_2")]
        self.table = {"z": Linear(2, name="in_dict")}

    def call(self, x):
        x = self.first(x)
        for layer in self.stack:
            x = layer(x)
        return self.table["z"](x)


class TrainingRecorder(keras.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = []

    def call(self, x, training=None):
        self.seen.append(training)
        return x


class Outer(keras.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.inner = TrainingRecorder()

    def call(self, x):
        return self.inner(x)


def data(shape=(2, 5), seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def test_builds_on_first_call_with_input_shape():
    layer = Linear(3)
    assert not layer.built
    x = data()
    out = active.convert_to_numpy(layer(x))
    assert layer.built
    assert layer.kernel.shape == (5, 3)
    kernel, bias = layer.get_weights()
    np.testing.assert_allclose(out, x @ kernel + bias, rtol=1e-5, atol=1e-6)
    assert [w.path for w in layer.weights] == [f"{layer.name}/kernel", f"{layer.name}/bias"]


def test_weight_order_trainable_first_then_sublayers_depth_first():
    layer = Linear(2, use_counter=True)
    layer(data())
    assert [w.name for w in layer.weights] == ["kernel", "bias", "counter"]
    assert [w.name for w in layer.trainable_weights] == ["kernel", "bias"]
    assert [w.name for w in layer.non_trainable_weights] == ["counter"]
    block = Block()
    block(data())
    # Built on the block's first call, inside its name scope (as in Keras 3).
    assert all(w.path.startswith(block.name + "/") for w in block.weights)
    owners = [w.path.split("/")[-2] for w in block.weights]
    assert owners == ["first", "first", "in_list", "in_list", "in_list_2", "in_list_2",
                      "in_dict", "in_dict"]
    assert len(block._layers) == 4


def test_freezing_propagates_and_can_be_undone():
    block = Block()
    block(data())
    block.trainable = False
    assert block.trainable_weights == []
    assert len(block.non_trainable_weights) == 8
    assert not block.stack[0].trainable
    assert not block.stack[0].kernel.trainable
    block.trainable = True
    assert len(block.trainable_weights) == 8


def test_training_argument_propagates_to_inner_layers():
    outer = Outer()
    outer(data(), training=True)
    outer(data())
    outer(data(), training=False)
    assert outer.inner.seen == [True, None, False]


def test_non_trainable_state_updates_in_call():
    layer = Linear(2, use_counter=True)
    layer(data())
    layer(data())
    assert float(layer.counter.numpy()) == 2.0


def test_stateless_call_leaves_the_variables_alone():
    layer = Linear(2, use_counter=True)
    x = data()
    layer(x)
    kernel = np.ones((5, 2), "float32")
    bias = np.full((2,), 0.5, "float32")
    before = layer.get_weights()
    out, non_trainable = layer.stateless_call([kernel, bias], [np.float32(10.0)], x)
    np.testing.assert_allclose(active.convert_to_numpy(out), x @ kernel + bias, rtol=1e-5)
    assert float(active.convert_to_numpy(non_trainable[0])) == 11.0
    for got, want in zip(layer.get_weights(), before):
        np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match="has 2 trainable variables, but"):
        layer.stateless_call([kernel], [np.float32(0.0)], x)


def test_add_loss_is_reset_on_each_call():
    class Penalized(keras.Layer):
        def call(self, x):
            self.add_loss(ops.sum(ops.abs(x)))
            return x

    outer = Outer()
    outer.inner = Penalized()
    x = data()
    outer(x)
    outer(x)
    assert len(outer.losses) == 1
    np.testing.assert_allclose(
        active.convert_to_numpy(outer.losses[0]), np.abs(x).sum(), rtol=1e-5
    )


def test_stateless_call_collects_losses():
    class Penalized(keras.Layer):
        def call(self, x):
            self.add_loss(ops.sum(x))
            return x

    layer = Penalized()
    x = data()
    _, _, losses = layer.stateless_call([], [], x, return_losses=True)
    assert len(losses) == 1
    np.testing.assert_allclose(active.convert_to_numpy(losses[0]), x.sum(), rtol=1e-5)
    assert layer.losses == []


def test_masks_flow_through_supporting_layers():
    class MaskFirstColumn(keras.Layer):
        def call(self, x):
            return x

        def compute_mask(self, inputs, previous_mask):
            return ops.not_equal(inputs[..., 0], 0)

    class Passes(keras.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.supports_masking = True
            self.received = None

        def call(self, x, mask=None):
            self.received = mask
            return x

    inputs = keras.Input((3,))
    masked = MaskFirstColumn()(inputs)
    passer = Passes()
    model = keras.Model(inputs, passer(masked))
    x = np.array([[0, 1, 2], [3, 4, 5]], "float32")
    model(x)
    np.testing.assert_array_equal(active.convert_to_numpy(passer.received), [False, True])


def _masked_mean(x, mask):
    weights = ops.cast(mask, x.dtype)[..., None]
    return ops.sum(x * weights, axis=1) / ops.maximum(ops.sum(weights, axis=1), 1.0)


class MaskedMean(keras.Layer):
    """The mean over time of the steps its `mask` keeps (all steps without one)."""

    def call(self, x, mask=None):
        if mask is None:
            return ops.mean(x, axis=1)
        return _masked_mean(x, mask)


class PairMean(keras.Layer):
    """The masked mean of `a` plus three times the masked mean of `b`."""

    def call(self, a, b, a_mask=None, b_mask=None):
        a_mean = ops.mean(a, axis=1) if a_mask is None else _masked_mean(a, a_mask)
        b_mean = ops.mean(b, axis=1) if b_mask is None else _masked_mean(b, b_mask)
        return a_mean + 3.0 * b_mean


# Token ids (0 is padding) of two sequences of different lengths.
TOKENS_A = np.array([[1, 2, 0], [3, 0, 0]], "int32")
TOKENS_B = np.array([[4, 0, 0, 0], [5, 6, 7, 0]], "int32")


def _np_mean(x, keep):
    keep = keep[..., None].astype("float32")
    return (x * keep).sum(axis=1) / np.maximum(keep.sum(axis=1), 1.0)


def _masked_embedding():
    embed = keras.layers.Embedding(8, 4, mask_zero=True)
    embed.build((None, None))
    table = np.random.default_rng(3).standard_normal((8, 4)).astype("float32")
    embed.embeddings.assign(table)
    return embed, table


def _mask_references(table, masked=True):
    """NumPy outputs of MaskedMean(embed(a)) and PairMean(embed(a), embed(b))."""
    keep_a = TOKENS_A != 0 if masked else np.ones(TOKENS_A.shape, bool)
    keep_b = TOKENS_B != 0 if masked else np.ones(TOKENS_B.shape, bool)
    a, b = table[TOKENS_A], table[TOKENS_B]
    return _np_mean(a, keep_a), _np_mean(a, keep_a) + 3.0 * _np_mean(b, keep_b)


def _mask_model():
    embed, table = _masked_embedding()
    tokens_a = keras.Input((3,), dtype="int32")
    tokens_b = keras.Input((4,), dtype="int32")
    a, b = embed(tokens_a), embed(tokens_b)
    outputs = keras.layers.Concatenate()([MaskedMean()(a), PairMean()(a, b)])
    model = keras.Model([tokens_a, tokens_b], outputs)
    return model, np.concatenate(_mask_references(table), axis=-1), table


def test_call_receives_masks_eagerly():
    if active.name == "numpy":
        pytest.skip(
            "NumPy arrays cannot hold a `_keras_mask` attribute, so eager masks do "
            "not ride on them (as in Keras 3's numpy backend)"
        )
    embed, table = _masked_embedding()
    a, b = embed(TOKENS_A), embed(TOKENS_B)
    want_single, want_pair = _mask_references(table)
    got = active.convert_to_numpy(MaskedMean()(a))
    np.testing.assert_allclose(got, want_single, rtol=1e-5, atol=1e-6)
    got = active.convert_to_numpy(PairMean()(a, b))
    np.testing.assert_allclose(got, want_pair, rtol=1e-5, atol=1e-6)
    got = active.convert_to_numpy(PairMean()(a=a, b=b))
    np.testing.assert_allclose(got, want_pair, rtol=1e-5, atol=1e-6)


def test_given_masks_win_over_attached_ones():
    embed, table = _masked_embedding()
    a, b = embed(TOKENS_A), embed(TOKENS_B)
    keep_all = np.ones(TOKENS_B.shape, bool)
    got = PairMean()(a, b, a_mask=TOKENS_A != 0, b_mask=keep_all)
    got = active.convert_to_numpy(got)
    want = _np_mean(table[TOKENS_A], TOKENS_A != 0) + 3.0 * table[TOKENS_B].mean(axis=1)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    got = active.convert_to_numpy(MaskedMean()(a, mask=keep_all[:, :3]))
    np.testing.assert_allclose(got, table[TOKENS_A].mean(axis=1), rtol=1e-5, atol=1e-6)


def test_functional_call_and_predict_pass_masks():
    model, want, table = _mask_model()
    # Without the masks the outputs differ clearly, so a lost mask fails the test.
    unmasked = np.concatenate(_mask_references(table, masked=False), axis=-1)
    assert np.abs(unmasked - want).max() > 0.1
    got = active.convert_to_numpy(model([TOKENS_A, TOKENS_B]))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    got = model.predict([TOKENS_A, TOKENS_B], verbose=0)
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5, atol=1e-5)


def test_fit_passes_masks():
    if active.name in FIT_GAPS:
        pytest.skip(FIT_GAPS[active.name])
    model, want, table = _mask_model()
    unmasked = np.concatenate(_mask_references(table, masked=False), axis=-1)
    # With a zero learning rate the weights stay put: the loss is the squared
    # error of the outputs fit computes against the masked reference.
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
    history = model.fit([TOKENS_A, TOKENS_B], want, batch_size=2, epochs=1, verbose=0)
    assert history.history["loss"][0] < 1e-9
    history = model.fit([TOKENS_A, TOKENS_B], unmasked, batch_size=2, verbose=0)
    np.testing.assert_allclose(
        history.history["loss"][0], np.mean((unmasked - want) ** 2), rtol=1e-4
    )


def test_mixed_precision_keeps_float32_variables():
    layer = Linear(3, dtype="mixed_float16")
    out = layer(data())
    assert layer.kernel.dtype == "float32"
    assert layer.compute_dtype == "float16"
    assert keras.backend.standardize_dtype(out.dtype) == "float16"
    kernel, bias = layer.get_weights()
    expected = data().astype("float16") @ kernel.astype("float16") + bias.astype("float16")
    np.testing.assert_allclose(
        active.convert_to_numpy(out).astype("float32"), expected, rtol=1e-2, atol=1e-2
    )


def test_global_dtype_policy_applies_to_new_layers():
    keras.config.set_dtype_policy("mixed_bfloat16")
    try:
        layer = Linear(2)
    finally:
        keras.config.set_dtype_policy("float32")
    assert layer.compute_dtype == "bfloat16" and layer.variable_dtype == "float32"


def test_auto_config_round_trip():
    layer = Linear(7, use_counter=True, name="lin")
    config = layer.get_config()
    assert config["units"] == 7 and config["use_counter"] is True
    clone = Linear.from_config(config)
    assert clone.name == "lin" and clone.units == 7 and clone.use_counter


def test_set_weights_checks_count_and_shapes():
    layer = Linear(3, name="lin")
    layer(data())
    with pytest.raises(ValueError, match="expects 2 weights, but `set_weights` received 1"):
        layer.set_weights([np.zeros((5, 3))])
    with pytest.raises(ValueError, match=r"has shape \(5, 3\).*shape \(3, 5\)"):
        layer.set_weights([np.zeros((3, 5)), np.zeros((3,))])


def test_input_spec_errors_name_the_layer():
    layer = Linear(3, name="checked")
    layer.input_spec = keras.InputSpec(ndim=2, axes={-1: 5})
    layer(data())
    with pytest.raises(ValueError, match='layer "checked".*expected ndim=2, found ndim=3'):
        layer(data((2, 3, 5)))
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 5"):
        layer(data((2, 4)))


def test_symbolic_call_and_compute_output_shape():
    layer = Linear(6)
    out = layer(keras.KerasTensor((None, 5)))
    assert out.shape == (None, 6)
    assert layer.built and layer.kernel.shape == (5, 6)
    assert Linear(4).compute_output_shape((None, 3, 5)) == (None, 3, 4)


def test_count_params_and_unbuilt_error():
    layer = Linear(3)
    with pytest.raises(ValueError, match="isn't built"):
        layer.count_params()
    layer(data())
    assert layer.count_params() == 5 * 3 + 3


def test_forgetting_super_init_is_a_clear_error():
    class Broken(keras.Layer):
        def __init__(self):
            self.units = 3

    with pytest.raises(RuntimeError, match=r"super\(\).__init__"):
        Broken()


def test_unknown_constructor_argument():
    with pytest.raises(TypeError, match="Unrecognized keyword arguments passed to Linear"):
        Linear(3, colour="red")


def test_harness_on_a_custom_layer():
    layer, out = testing.run_layer_test(
        Linear,
        init_kwargs={"units": 4},
        input_shape=(3, 5),
        expected_output_shape=(3, 4),
        expected_num_trainable_weights=2,
    )
    assert out.shape == (3, 4)


def test_a_weight_past_the_element_limit_is_a_clear_error():
    # Any layer's add_weight goes through Variable's shape check (JAX used to abort).
    class Huge(keras.layers.Layer):
        def build(self, input_shape):
            self.add_weight(shape=(2**62, 4), name="table")

    with pytest.raises(ValueError, match="elements"):
        Huge()(np.zeros((1, 2), "float32"))
