"""Every name a public namespace lists (its lazy table) resolves to an object."""

import importlib

import pytest

import keras

# The public namespaces with a lazy table, and the subpackages that have their own.
NAMESPACES = sorted(
    {f"keras.{name}" for name in keras._NAMESPACES}
    | {"keras", "keras.optimizers.schedules", "keras.trainers.data_adapters"}
)


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_every_listed_name_resolves(namespace):
    module = importlib.import_module(namespace)
    names = [name for name in dir(module) if not name.startswith("_")]
    assert names, f"{namespace} lists no names"
    unresolved = []
    for name in names:
        try:
            getattr(module, name)
        except (AttributeError, ImportError) as error:
            unresolved.append(f"{name}: {error!r}")
    assert not unresolved, f"{namespace}: " + "; ".join(unresolved)
