"""Every name a public namespace lists (its lazy table) resolves to an object."""

import importlib
import subprocess
import sys

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


@pytest.mark.parametrize(
    "first",
    ["keras.ops.binary", "keras.ops.eager", "keras.ops.fused", "keras.ops.reduction"],
)
def test_ops_resolve_after_a_family_module_was_imported_first(first):
    # Importing one family first used to index the namespace while that family was
    # half-initialized (no `__all__` yet), so keras.ops.add then did not resolve.
    code = (
        f"import {first}\n"
        "from keras import ops\n"
        "assert callable(ops.add) and callable(ops.mean) and callable(ops.matmul)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
