"""get_data_adapter: which adapter each kind of data gets, and the argument errors."""

import sys

import numpy as np
import pytest

from keras import ops
from keras.trainers.data_adapters import ArrayDataAdapter
from keras.trainers.data_adapters import GeneratorDataAdapter
from keras.trainers.data_adapters import PyDatasetAdapter
from keras.trainers.data_adapters import get_data_adapter
from keras.utils import PyDataset

X = np.random.default_rng(0).normal(size=(10, 3)).astype("float32")
Y = np.arange(10)


class Batches(PyDataset):
    def __len__(self):
        return 2

    def __getitem__(self, index):
        return X[index * 5 : (index + 1) * 5], Y[index * 5 : (index + 1) * 5]


def _generator():
    yield X, Y


@pytest.mark.parametrize(
    "x",
    [X, [X, X], {"a": X}, X.tolist()],
    ids=["array", "list", "dict", "list_of_numbers"],
)
def test_arrays_get_the_array_adapter(x):
    adapter = get_data_adapter(x, Y, batch_size=4, shuffle=True)
    assert isinstance(adapter, ArrayDataAdapter)
    assert adapter.num_batches == 3


def test_backend_tensors_get_the_array_adapter():
    adapter = get_data_adapter(ops.convert_to_tensor(X), ops.convert_to_tensor(Y))
    assert isinstance(adapter, ArrayDataAdapter)
    (bx, by, _), = adapter.get_numpy_iterator()
    np.testing.assert_allclose(bx, X)
    np.testing.assert_array_equal(by, Y)


def test_generators_and_iterators():
    assert isinstance(get_data_adapter(_generator()), GeneratorDataAdapter)
    assert isinstance(get_data_adapter(iter([(X, Y)])), GeneratorDataAdapter)


def test_py_dataset():
    adapter = get_data_adapter(Batches(), shuffle=True, class_weight={0: 2.0})
    assert isinstance(adapter, PyDatasetAdapter)
    assert adapter.num_batches == 2


def test_no_engine_is_imported_for_numpy_data():
    # Only checkable for the engines the active backend has not loaded already.
    before = set(sys.modules)
    list(get_data_adapter(X, Y).get_numpy_iterator())
    new = {name.split(".")[0] for name in set(sys.modules) - before}
    assert not new & {"tensorflow", "torch", "jax"}


@pytest.mark.parametrize(
    "x",
    [Batches(), _generator()],
    ids=["py_dataset", "generator"],
)
@pytest.mark.parametrize("argument", ["y", "sample_weight"])
def test_batched_sources_take_no_targets(x, argument):
    with pytest.raises(ValueError, match=f"`{argument}` must be None when `x` is a"):
        get_data_adapter(x, **{argument: Y})


def test_generator_takes_no_batch_size_nor_class_weight():
    with pytest.raises(ValueError, match="`batch_size` must be None.*batch_size=16"):
        get_data_adapter(_generator(), batch_size=16)
    with pytest.raises(ValueError, match="`class_weight` is not supported.*generator"):
        get_data_adapter(_generator(), class_weight={0: 1.0})


@pytest.mark.parametrize("x", [None, "text", 3.5, object()])
def test_unknown_types_list_the_accepted_ones(x):
    accepted = "NumPy arrays.*PyDataset.*tf.data.Dataset.*DataLoader.*generator"
    with pytest.raises(ValueError, match="Unrecognized data type.*" + accepted):
        get_data_adapter(x)


def test_targets_of_array_data_must_be_arrays():
    with pytest.raises(ValueError, match="`y` must be None or arrays"):
        get_data_adapter(X, _generator())
    with pytest.raises(ValueError, match="`sample_weight` must be None or arrays"):
        get_data_adapter(X, Y, sample_weight="heavy")
