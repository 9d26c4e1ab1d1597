"""keras.mixed_precision: the seven names and what they alias."""

import keras
from keras import dtype_policies
from keras import mixed_precision
from keras import optimizers


def test_aliases():
    assert mixed_precision.DTypePolicy is dtype_policies.DTypePolicy
    assert mixed_precision.Policy is dtype_policies.DTypePolicy
    assert mixed_precision.LossScaleOptimizer is optimizers.LossScaleOptimizer
    assert mixed_precision.global_policy is mixed_precision.dtype_policy
    assert mixed_precision.set_global_policy is mixed_precision.set_dtype_policy


def test_setting_the_global_policy():
    mixed_precision.set_global_policy("mixed_bfloat16")
    try:
        assert mixed_precision.global_policy().compute_dtype == "bfloat16"
        assert keras.config.dtype_policy().name == "mixed_bfloat16"
    finally:
        mixed_precision.set_dtype_policy("float32")
    assert mixed_precision.dtype_policy().name == "float32"
