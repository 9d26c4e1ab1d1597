"""The layer harness itself: each check it runs fails on a layer that breaks it."""

import numpy as np
import pytest

from keras import ops
from keras import random
from keras.backends import active
from keras.layers.layer import Layer
from keras.layers.testing import FIT_GAPS
from keras.layers.testing import run_layer_test

TRAINS = active.name not in FIT_GAPS


class Scale(Layer):
    """x * w + b, with one w and one b per feature; `frozen` stops w's gradient."""

    def __init__(self, frozen=False, **kwargs):
        super().__init__(**kwargs)
        self.frozen = frozen
        self.supports_masking = True

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w")
        shape = (input_shape[-1],)
        self.b = self.add_weight(shape=shape, initializer="zeros", name="b")

    def call(self, x):
        w = ops.stop_gradient(self.w) if self.frozen else self.w
        return x * w + self.b

    def get_config(self):
        return {**super().get_config(), "frozen": self.frozen}


class WrongMask(Layer):
    """Claims a mask with one entry too many per sample."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, x):
        return x

    def compute_mask(self, inputs, previous_mask=None):
        return ops.ones((ops.shape(inputs)[0], ops.shape(inputs)[1] + 1), dtype="bool")


class Noisy(Layer):
    """Adds noise in training from its own generator and from a sub-layer's; `idle`
    creates a third generator it never draws from."""

    def __init__(self, idle=False, **kwargs):
        super().__init__(**kwargs)
        self.idle = idle
        self.generator = random.SeedGenerator(3)
        self.parts = [Scale(dtype=self.dtype_policy)]
        self.again = self.generator  # the same generator, counted once
        if idle:
            self.unused = random.SeedGenerator(4)

    def call(self, x, training=False):
        x = self.parts[0](x)
        if training:
            x = x + random.normal(ops.shape(x), stddev=0.1, seed=self.generator)
        return x

    def get_config(self):
        return {**super().get_config(), "idle": self.idle}


class Float32Output(Layer):
    """Returns float32 whatever the dtype policy."""

    def call(self, x):
        return ops.cast(x, "float32")


class Float16Weight(Layer):
    """Creates its weight as float16 whatever the dtype policy."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), dtype="float16", name="w")

    def call(self, x):
        return x * ops.cast(self.w, x.dtype)


class Unstable(Layer):
    """An output that overflows: the fit loss is not finite."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w")

    def call(self, x):
        return ops.exp(x * 1e4) * self.w


def _mask(shape, seed=0):
    return np.random.default_rng(seed).random(shape) > 0.3


def test_a_correct_layer_passes_every_check():
    layer, out = run_layer_test(
        Scale,
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_trainable_weights=2,
        expected_num_seed_generators=0,
        supports_masking=True,
        input_mask=_mask((2, 3)),
        expected_mask_shape=(2, 3),
    )
    assert out.shape == (2, 3, 4)
    # The harness's fit ran on a clone: the returned layer keeps its weights.
    np.testing.assert_array_equal(layer.get_weights()[0], np.ones(4, "float32"))
    np.testing.assert_array_equal(layer.get_weights()[1], np.zeros(4, "float32"))


def test_expected_mask_shape_needs_supports_masking():
    with pytest.raises(ValueError, match="`expected_mask_shape` needs `supports_mask"):
        run_layer_test(Scale, input_shape=(2, 3), expected_mask_shape=(2,))


def test_a_wrong_mask_shape_fails():
    with pytest.raises(AssertionError, match=r"mask shape \(2, 4\) != \(2, 3\)"):
        run_layer_test(
            WrongMask,
            input_shape=(2, 3, 4),
            supports_masking=True,
            expected_mask_shape=(2, 3),
        )


def test_seed_generators_are_counted_over_sub_layers_once_each():
    run_layer_test(
        Noisy,
        input_shape=(2, 4),
        expected_num_trainable_weights=2,
        expected_num_non_trainable_variables=1,
        expected_num_seed_generators=1,
    )
    with pytest.raises(AssertionError, match="1 seed generators, expected 2"):
        run_layer_test(
            Noisy,
            input_shape=(2, 4),
            expected_num_trainable_weights=2,
            expected_num_non_trainable_variables=1,
            expected_num_seed_generators=2,
        )


def test_mixed_precision_outputs_must_be_float16():
    with pytest.raises(AssertionError, match="under mixed_float16, expected float16"):
        run_layer_test(Float32Output, input_shape=(2, 3))
    run_layer_test(Float32Output, input_shape=(2, 3), run_mixed_precision_check=False)


def test_mixed_precision_variables_must_be_float32():
    with pytest.raises(AssertionError, match="is float16 under mixed_float16"):
        run_layer_test(
            Float16Weight,
            input_shape=(2, 3),
            expected_num_trainable_weights=1,
            run_training_check=False,
        )


@pytest.mark.skipif(not TRAINS, reason=FIT_GAPS.get(active.name, ""))
def test_fit_must_move_every_trainable_weight():
    with pytest.raises(AssertionError, match="did not change the trainable weight"):
        run_layer_test(
            Scale,
            init_kwargs={"frozen": True},
            input_shape=(2, 3),
            expected_num_trainable_weights=2,
        )
    run_layer_test(
        Scale,
        init_kwargs={"frozen": True},
        input_shape=(2, 3),
        expected_num_trainable_weights=2,
        run_training_check=False,
    )


@pytest.mark.skipif(not TRAINS, reason=FIT_GAPS.get(active.name, ""))
def test_fit_must_advance_every_seed_generator():
    with pytest.raises(AssertionError, match="did not advance the seed generator"):
        run_layer_test(
            Noisy,
            init_kwargs={"idle": True},
            input_shape=(2, 4),
            expected_num_trainable_weights=2,
            expected_num_non_trainable_variables=2,
            expected_num_seed_generators=2,
        )


@pytest.mark.skipif(not TRAINS, reason=FIT_GAPS.get(active.name, ""))
def test_fit_losses_must_be_finite():
    x = np.full((2, 3), 1.0, "float32")
    with pytest.raises(AssertionError, match="fit losses"):
        run_layer_test(
            Unstable,
            input_data=x,
            expected_num_trainable_weights=1,
            run_mixed_precision_check=False,
        )


@pytest.mark.skipif(TRAINS, reason="tests the backends that cannot fit")
def test_backends_without_training_skip_the_fit():
    # A layer whose weight gets no gradient would fail the fit check.
    run_layer_test(
        Scale,
        init_kwargs={"frozen": True},
        input_shape=(2, 3),
        expected_num_trainable_weights=2,
    )
    assert FIT_GAPS[active.name]
