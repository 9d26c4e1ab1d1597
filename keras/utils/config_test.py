"""keras.utils.Config: attribute and key access, freezing, JSON."""

import copy as copy_module
import json
import pickle

import pytest

from keras import utils


def test_attributes_and_keys_are_one_store():
    config = utils.Config(learning_rate=0.1)
    config.batch_size = 32
    config["epochs"] = 3
    assert config.as_dict() == {"learning_rate": 0.1, "batch_size": 32, "epochs": 3}
    assert config["batch_size"] == 32 and config.epochs == 3
    assert "epochs" in config and len(config) == 3
    assert list(config)[0] == "learning_rate"
    assert json.loads(config.to_json()) == config.as_dict()
    assert config.get("missing", 7) == 7 and config.pop("epochs") == 3
    assert repr(config) == "<Config {'learning_rate': 0.1, 'batch_size': 32}>"


def test_unknown_names_raise():
    config = utils.Config(a=1)
    with pytest.raises(AttributeError, match="zz"):
        config.zz
    with pytest.raises(KeyError):
        config["zz"]


def test_frozen_config_refuses_every_mutation():
    config = utils.Config(a=1)
    config.freeze()
    assert config.frozen
    for mutate in (
        lambda: setattr(config, "a", 2),
        lambda: config.__setitem__("a", 2),
        lambda: config.update(a=2),
        lambda: config.pop("a"),
        lambda: delattr(config, "a"),
    ):
        with pytest.raises(ValueError, match="frozen"):
            mutate()
    assert config.a == 1
    config.unfreeze()
    config.update({"a": 5}, b=6)
    assert config.as_dict() == {"a": 5, "b": 6}


def test_pickle_and_deepcopy_round_trip():
    config = utils.Config(a=[1, 2])
    config.freeze()
    for copy in (pickle.loads(pickle.dumps(config)), copy_module.deepcopy(config)):
        assert copy.as_dict() == {"a": [1, 2]} and copy.frozen
        assert copy.a is not config.a
