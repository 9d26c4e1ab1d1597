"""Nested structures: flatten, map and rebuild (the public `keras.tree`).

A structure is a leaf or a container of structures. Containers are lists, tuples,
namedtuples, dicts (OrderedDict, defaultdict...) and deques; anything else (None, strings,
sets, arrays, tensors) is a leaf. Leaves come in a fixed order: lists and tuples by
position, plain dicts by sorted key, OrderedDicts in their own order. optree does the
walking (the same engine behind keras.backends.common.tree), so every part of keras
agrees on the order.
"""

import collections

import optree

from keras.backends.common import tree as _tree

_NAMESPACE = "keras"


class MAP_TO_NONE:
    """Returned by the function given to `traverse` to put None in place of a
    sub-structure."""


def _spec(structure, none_is_leaf=True):
    return optree.tree_structure(structure, none_is_leaf=none_is_leaf, namespace=_NAMESPACE)


def is_nested(structure):
    """Whether `structure` is a container (list, tuple, namedtuple, dict, deque).

    Args:
        structure: any Python object.

    Returns:
        True for a container, False for a leaf.

    >>> keras.tree.is_nested([1, 2]), keras.tree.is_nested("ab")
    (True, False)
    """
    return isinstance(structure, (list, tuple, dict, collections.deque))


def flatten(structure):
    """The leaves of `structure`, in order (None is a leaf).

    Args:
        structure: a nested structure.

    Returns:
        A list of leaves; `[structure]` when it is a leaf itself.

    >>> keras.tree.flatten({"b": [1, 2], "a": 3})
    [3, 1, 2]
    """
    return _tree.flatten(structure)


def flatten_with_path(structure):
    """The leaves of `structure` with their paths.

    Args:
        structure: a nested structure.

    Returns:
        A list of `(path, leaf)`, where `path` is the tuple of keys and indices that
        leads from `structure` to the leaf.

    >>> keras.tree.flatten_with_path({"a": [1, 2]})
    [(('a', 0), 1), (('a', 1), 2)]
    """
    paths, leaves, _ = optree.tree_flatten_with_path(
        structure, none_is_leaf=True, namespace=_NAMESPACE
    )
    return list(zip(paths, leaves))


def _check_function(func):
    if not callable(func):
        raise TypeError(f"`func` must be callable; got {func!r} of type {type(func).__name__}.")


def map_structure(func, *structures, none_is_leaf=True):
    """Applies `func` to the leaves of `structures`, in the shape of the first.

    Args:
        func: a function taking one argument per structure.
        *structures: structures of the same nesting (same containers, lengths and keys).
        none_is_leaf: whether None is a leaf passed to `func` (the default) or an empty
            container left as None.

    Returns:
        A structure like `structures[0]` holding the results of `func`.

    Raises:
        ValueError: when no structure is given or the structures differ.

    >>> keras.tree.map_structure(lambda x, y: x + y, [1, (2, 3)], [10, (20, 30)])
    [11, (22, 33)]
    """
    _check_function(func)
    if not structures:
        raise ValueError("map_structure: give at least one structure to map over.")
    if none_is_leaf:
        if len(structures) == 1:
            return _tree.map_structure(func, structures[0])
    return optree.tree_map(
        func, *structures, none_is_leaf=none_is_leaf, namespace=_NAMESPACE
    )


def map_structure_up_to(shallow_structure, func, *structures):
    """Applies `func` to the sub-structures of `structures` found at the leaves of
    `shallow_structure`.

    Args:
        shallow_structure: a structure that is a prefix of each of `structures`.
        func: a function taking one argument per structure.
        *structures: structures whose nesting begins like `shallow_structure`'s.

    Returns:
        A structure like `shallow_structure` holding the results of `func`.

    Raises:
        ValueError: when no structure is given or one does not start with the nesting
            of `shallow_structure`.

    >>> keras.tree.map_structure_up_to([0, 0], len, [[1, 2], (3, 4, 5)])
    [2, 3]
    """
    _check_function(func)
    if not structures:
        raise ValueError("map_structure_up_to: give at least one structure to map over.")
    spec = _spec(shallow_structure)
    parts = [spec.flatten_up_to(structure) for structure in structures]
    return spec.unflatten([func(*items) for items in zip(*parts)])


def pack_sequence_as(structure, flat_sequence):
    """Puts the leaves `flat_sequence` into the nesting of `structure`.

    Args:
        structure: the nesting to build (its own leaves are ignored).
        flat_sequence: a list or tuple with one leaf per leaf of `structure`, in the
            order of `flatten`.

    Returns:
        `structure` with its leaves replaced.

    Raises:
        TypeError: when `flat_sequence` is not a sequence.
        ValueError: when it holds more or fewer leaves than `structure`.

    >>> keras.tree.pack_sequence_as({"b": 0, "a": 0}, [1, 2])
    {'b': 2, 'a': 1}
    """
    if not isinstance(flat_sequence, (list, tuple)):
        raise TypeError(
            "pack_sequence_as: `flat_sequence` must be a list or tuple of leaves; got "
            f"{type(flat_sequence).__name__}."
        )
    spec = _spec(structure)
    if spec.num_leaves != len(flat_sequence):
        raise ValueError(
            f"pack_sequence_as: `structure` has {spec.num_leaves} leaves but "
            f"`flat_sequence` has {len(flat_sequence)} items."
        )
    return spec.unflatten(list(flat_sequence))


def lists_to_tuples(structure):
    """`structure` with every list (at any depth) turned into a tuple.

    Args:
        structure: a nested structure.

    Returns:
        The same nesting, lists replaced by tuples; leaves unchanged.

    >>> keras.tree.lists_to_tuples([1, [2, {"a": [3]}]])
    (1, (2, {'a': (3,)}))
    """
    return traverse(
        lambda node: tuple(node) if isinstance(node, list) else None,
        structure,
        top_down=False,
    )


def _describe(structure):
    text = repr(structure)
    return text if len(text) <= 200 else text[:200] + "..."


def assert_same_structure(a, b, check_types=None):
    """Raises a ValueError unless `a` and `b` have the same nesting: the same container
    types (a list is not a tuple, a namedtuple not a tuple), lengths and dict keys.

    Args:
        a: a nested structure.
        b: a nested structure.
        check_types: deprecated; has no effect (types are always compared). Use
            `assert_same_paths` for a check that ignores container types.

    Raises:
        ValueError: naming the first difference.
    """
    if check_types is not None:
        import warnings

        warnings.warn(
            "assert_same_structure: `check_types` is deprecated and has no effect; use "
            "keras.tree.assert_same_paths for a check that ignores container types.",
            DeprecationWarning,
            stacklevel=2,
        )
    spec_a = _spec(a)
    try:
        spec_a.flatten_up_to(b)
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"The two structures differ: {error} (first: {_describe(a)}; second: "
            f"{_describe(b)})."
        ) from None
    spec_b = _spec(b)
    if spec_a != spec_b:
        raise ValueError(
            f"The two structures differ: {spec_a} against {spec_b} (first: "
            f"{_describe(a)}; second: {_describe(b)})."
        )


def assert_same_paths(a, b):
    """Raises a ValueError unless `a` and `b` have leaves at the same paths; container
    types are not compared (a list matches a tuple with the same leaves' paths).

    Args:
        a: a nested structure.
        b: a nested structure.

    Raises:
        ValueError: listing the paths found in only one of them.
    """
    paths_a = {path for path, _ in flatten_with_path(a)}
    paths_b = {path for path, _ in flatten_with_path(b)}
    if paths_a != paths_b:
        only_a = sorted(paths_a - paths_b, key=repr)
        only_b = sorted(paths_b - paths_a, key=repr)
        raise ValueError(
            "`a` and `b` do not have the same paths. Paths in `a` missing in `b`: "
            f"{only_a}. Paths in `b` missing in `a`: {only_b}."
        )


def _children(node):
    """(keys, values) of the container `node`, in flatten order."""
    children, spec = optree.tree_flatten(
        node, is_leaf=lambda x: x is not node, none_is_leaf=True, namespace=_NAMESPACE
    )
    return children, spec


def traverse(func, structure, top_down=True):
    """Calls `func` on every sub-structure and leaf of `structure`.

    Top-down (the default), `func` sees each node before its children: a result of
    None walks on into the children, `MAP_TO_NONE` puts None in place of the node, and
    anything else replaces the node (its children are not visited). Bottom-up, `func`
    sees the leaves first, then each container rebuilt from its children's results: None
    keeps that (rebuilt) node, `MAP_TO_NONE` gives None, anything else replaces it.

    Args:
        func: a function of one sub-structure.
        structure: a nested structure.
        top_down: the order of the walk.

    Returns:
        The structure rebuilt from the results.

    >>> keras.tree.traverse(lambda x: x * 2 if isinstance(x, int) else None, [1, [2]])
    [2, [4]]
    """
    _check_function(func)

    def result(node, value):
        if value is MAP_TO_NONE:
            return None
        return node if value is None else value

    def down(node):
        value = func(node)
        if value is not None:
            return None if value is MAP_TO_NONE else value
        if not is_nested(node):
            return node
        children, spec = _children(node)
        return spec.unflatten([down(child) for child in children])

    def up(node):
        if is_nested(node):
            children, spec = _children(node)
            node = spec.unflatten([up(child) for child in children])
        return result(node, func(node))

    return down(structure) if top_down else up(structure)


def _is_shape(x):
    return isinstance(x, (tuple, list)) and all(
        d is None or isinstance(d, int) for d in x
    )


def map_shape_structure(func, structure):
    """Applies `func` to each shape in `structure`, where a shape is a tuple or list of
    ints and Nones (e.g. the `input_shape` of a layer with several inputs).

    Args:
        func: a function of one shape.
        structure: a shape, or a nested structure of shapes.

    Returns:
        The structure with each shape replaced by `func(shape)`.

    >>> keras.tree.map_shape_structure(len, [(1, 2), {"a": (3,)}])
    [2, {'a': 1}]
    """
    _check_function(func)
    if _is_shape(structure):
        return func(structure)
    if not is_nested(structure):
        return func(structure)
    children, spec = _children(structure)
    return spec.unflatten([map_shape_structure(func, child) for child in children])
