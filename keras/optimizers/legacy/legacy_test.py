import pytest

from keras.optimizers import legacy


@pytest.mark.parametrize(
    "name", ["Adagrad", "Adam", "Ftrl", "Optimizer", "RMSprop", "SGD"]
)
def test_legacy_optimizers_explain_they_are_gone(name):
    with pytest.raises(ImportError, match="not supported in Keras 3"):
        getattr(legacy, name)(learning_rate=0.1)
