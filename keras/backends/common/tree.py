"""Nested structures (lists, tuples, dicts, namedtuples) of tensors: flatten and rebuild.

optree does the work; `map_structure` answers the common shallow cases (a single leaf, a
plain tuple or list of leaves, a dict of leaves with string keys) in Python first, with
the same results, because they are what every layer call and training step passes.
"""

import collections

import optree
from optree.functools import partial as _optree_partial

_NAMESPACE = "keras"
# Types optree may treat as inner nodes (subclasses included: namedtuples, OrderedDict,
# defaultdict...), and optree's own `partial`. Anything else is a leaf, as no type is
# registered in our namespace.
_NODES = (list, tuple, dict, collections.deque)


def _is_node(x):
    # (`partial` is tested by class: isinstance against it is slow.)
    return isinstance(x, _NODES) or x.__class__ is _optree_partial


def _leaves_only(items):
    for item in items:
        if isinstance(item, _NODES) or item.__class__ is _optree_partial:
            return False
    return True


def _str_keys(mapping):
    for key in mapping:
        if key.__class__ is not str:
            return False
    return True


def flatten(structure):
    """The leaves of `structure` in a fixed order (dicts by sorted key); None is a leaf."""
    return optree.tree_leaves(structure, none_is_leaf=True, namespace=_NAMESPACE)


def map_structure(function, *structures):
    """Applies `function` to the matching leaves of `structures`, keeping the structure."""
    if len(structures) == 1:
        structure = structures[0]
        cls = structure.__class__
        if cls is tuple:
            if _leaves_only(structure):
                return tuple([function(x) for x in structure])
        elif cls is list:
            if _leaves_only(structure):
                return [function(x) for x in structure]
        elif cls is dict:
            if _str_keys(structure) and _leaves_only(structure.values()):
                # Called in sorted key order, rebuilt in the dict's own order.
                results = {key: function(structure[key]) for key in sorted(structure)}
                return {key: results[key] for key in structure}
        elif not _is_node(structure):
            return function(structure)
    return optree.tree_map(
        function, *structures, none_is_leaf=True, namespace=_NAMESPACE
    )


def pack_sequence_as(structure, leaves):
    """Rebuilds `structure` with `leaves` (as given by `flatten`)."""
    spec = optree.tree_structure(structure, none_is_leaf=True, namespace=_NAMESPACE)
    return optree.tree_unflatten(spec, list(leaves))


def is_nested(structure):
    return isinstance(structure, (list, tuple, dict))
