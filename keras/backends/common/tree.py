"""Nested structures (lists, tuples, dicts, namedtuples) of tensors: flatten and rebuild."""

import optree

_NAMESPACE = "keras"


def flatten(structure):
    """The leaves of `structure` in a fixed order (dicts by sorted key); None is a leaf."""
    return optree.tree_leaves(structure, none_is_leaf=True, namespace=_NAMESPACE)


def map_structure(function, *structures):
    """Applies `function` to the matching leaves of `structures`, keeping the structure."""
    return optree.tree_map(
        function, *structures, none_is_leaf=True, namespace=_NAMESPACE
    )


def pack_sequence_as(structure, leaves):
    """Rebuilds `structure` with `leaves` (as given by `flatten`)."""
    spec = optree.tree_structure(structure, none_is_leaf=True, namespace=_NAMESPACE)
    return optree.tree_unflatten(spec, list(leaves))


def is_nested(structure):
    return isinstance(structure, (list, tuple, dict))
