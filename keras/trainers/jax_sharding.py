"""The JAX trainer under a keras.distribution (keras/distribution/distribution_lib.py).

Each batch becomes one global array split over the batch axis of the mesh (every
process giving its own rows), the compiled steps keep each variable laid out as its
layout says (their new values are constrained to it, so the buffers given to the next
step, and donated, are alike), and predict returns the rows of this process's inputs.
"""

import jax
import numpy as np

from keras.backends import active
from keras.backends.common import tree
from keras.trainers.trainer import batch_dtype


def distribute_batch(batch, distribution):
    """The leaves of `batch` as global arrays split over the distribution's batch axis."""

    def place(value):
        if value is None:
            return None
        if not isinstance(value, jax.Array):
            value = np.asarray(value)
            target = batch_dtype(value.dtype)
            if target is not None:
                value = value.astype(target)
        layout = distribution.get_data_layout(tuple(value.shape))
        return active.distribution.distribute_data_input(
            value, layout, distribution.batch_dim_name
        )

    return tree.map_structure(place, batch)


def layouts(variables):
    """The layouts of the variables, or None when none of them is distributed."""
    found = [getattr(v, "_layout", None) for v in variables]
    return found if any(layout is not None for layout in found) else None


def constrain(values, variable_layouts):
    """Inside a traced step: each value laid out as its variable's layout says
    (`variable_layouts` from `layouts`: None leaves the values as they are)."""
    if variable_layouts is None:
        return values
    return [
        value if layout is None
        else jax.lax.with_sharding_constraint(value, layout.backend_layout)
        for value, layout in zip(values, variable_layouts)
    ]


def split_outputs(outputs, distribution):
    """Inside the traced predict step: outputs split over the batch axis as the batches
    are (when their first dimension splits evenly), so each process can read its rows."""

    def split(value):
        sharding = distribution.get_data_layout(tuple(value.shape)).backend_layout
        if value.ndim and value.shape[0] % _parts(sharding):
            return value
        return jax.lax.with_sharding_constraint(value, sharding)

    return tree.map_structure(split, outputs)


def _parts(sharding):
    """How many pieces `sharding` splits the first dimension into."""
    axes = tuple(sharding.spec)[0] if len(sharding.spec) else None
    if axes is None:
        return 1
    axes = (axes,) if isinstance(axes, str) else axes
    return int(np.prod([sharding.mesh.shape[a] for a in axes]))


def process_rows(array):
    """This process's rows of a global array split over its first axis, as NumPy (the
    array itself when this process holds all of it)."""
    if not isinstance(array, jax.Array) or array.is_fully_addressable:
        return array
    if array.is_fully_replicated:
        return np.asarray(array.addressable_shards[0].data)
    pieces = {}
    for shard in array.addressable_shards:
        start = (shard.index[0].start or 0) if shard.index else 0
        pieces.setdefault(start, shard.data)
    return np.concatenate([np.asarray(pieces[k]) for k in sorted(pieces)], axis=0)
