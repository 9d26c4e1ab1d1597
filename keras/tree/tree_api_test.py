"""keras.tree against the behaviour of Keras 3.15 on the same structures."""

import collections

import numpy as np
import pytest

from keras import tree

Point = collections.namedtuple("Point", ["b", "a"])


def nested():
    return {
        "b": [1, (2, None)],
        "a": Point(3, 4),
        "c": collections.OrderedDict([("z", 5), ("y", 6)]),
    }


def test_flatten_orders_dicts_by_key_and_ordered_dicts_by_insertion():
    assert tree.flatten(nested()) == [3, 4, 1, 2, None, 5, 6]
    assert tree.flatten(None) == [None]
    assert tree.flatten("abc") == ["abc"]
    assert tree.flatten({1, 2}) == [{1, 2}]
    array = np.zeros(2)
    assert tree.flatten([array])[0] is array


def test_flatten_with_path():
    assert tree.flatten_with_path(nested()) == [
        (("a", 0), 3),
        (("a", 1), 4),
        (("b", 0), 1),
        (("b", 1, 0), 2),
        (("b", 1, 1), None),
        (("c", "z"), 5),
        (("c", "y"), 6),
    ]


def test_pack_sequence_as_inverts_flatten():
    structure = nested()
    assert tree.pack_sequence_as(structure, tree.flatten(structure)) == structure
    packed = tree.pack_sequence_as(structure, list(range(7)))
    assert packed["a"] == Point(0, 1) and isinstance(packed["a"], Point)
    assert packed["b"] == [2, (3, 4)]
    assert list(packed["c"].items()) == [("z", 5), ("y", 6)]
    assert list(tree.pack_sequence_as({"b": 0, "a": 0}, [10, 20]).items()) == [
        ("b", 20),
        ("a", 10),
    ]
    assert tree.pack_sequence_as(1, [5]) == 5


def test_pack_sequence_as_errors():
    with pytest.raises(ValueError, match="2 leaves but `flat_sequence` has 1"):
        tree.pack_sequence_as([1, [2]], [1])
    with pytest.raises(TypeError, match="list or tuple"):
        tree.pack_sequence_as([1, 2], 5)


def test_is_nested():
    nested_things = [[], (), {}, Point(1, 2), collections.deque([1])]
    leaves = [1, None, "ab", {1}, np.zeros(3)]
    assert all(tree.is_nested(x) for x in nested_things)
    assert not any(tree.is_nested(x) for x in leaves)


def test_map_structure():
    mapped = tree.map_structure(lambda x: None if x is None else x * 10, nested())
    assert mapped["a"] == Point(30, 40) and mapped["b"] == [10, (20, None)]
    assert list(mapped["c"].values()) == [50, 60]
    assert tree.map_structure(lambda x, y: x + y, [1, (2, 3)], [10, (20, 30)]) == [
        11,
        (22, 33),
    ]
    assert tree.map_structure(lambda x: x + 1, collections.deque([1, 2])) == (
        collections.deque([2, 3])
    )
    # None is a leaf by default; with none_is_leaf=False it stays None unmapped.
    assert tree.map_structure(lambda x: x, [1, None]) == [1, None]
    assert tree.map_structure(lambda x: x * 2, [1, None, 3], none_is_leaf=False) == [
        2,
        None,
        6,
    ]


def test_map_structure_errors():
    with pytest.raises(ValueError, match="Expected an instance of tuple"):
        tree.map_structure(lambda x, y: x, [1, (2, 3)], [1, [2, 3]])
    with pytest.raises(ValueError, match="arity mismatch"):
        tree.map_structure(lambda x, y: x, [1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="at least one structure"):
        tree.map_structure(lambda x: x)
    with pytest.raises(TypeError, match="`func` must be callable"):
        tree.map_structure(3, [1])


def test_map_structure_up_to():
    assert tree.map_structure_up_to([1, 2], str, [[1, 2], (3, 4)]) == ["[1, 2]", "(3, 4)"]
    result = tree.map_structure_up_to(
        {"a": 1, "b": 2}, lambda x, y: (x, y), {"a": [1, 2], "b": 3}, {"a": 9, "b": [4]}
    )
    assert result == {"a": ([1, 2], 9), "b": (3, [4])}
    with pytest.raises(ValueError, match="arity mismatch"):
        tree.map_structure_up_to([1, 2, 3], lambda x: x, [1, 2])


def test_lists_to_tuples():
    converted = tree.lists_to_tuples([1, [2, {"a": [3]}], Point([1], 2)])
    assert converted == (1, (2, {"a": (3,)}), Point((1,), 2))
    assert isinstance(converted[2], Point)


def test_assert_same_structure():
    tree.assert_same_structure([1, (2, 3)], [4, (5, 6)])
    cases = [
        ([1, (2, 3)], [4, [5, 6]], "Expected an instance of tuple"),
        ([1, 2], [4, 5, 6], "arity mismatch"),
        (Point(1, 2), (1, 2), "namedtuple"),
        ({"a": 1}, {"b": 1}, "key mismatch"),
    ]
    for a, b, message in cases:
        with pytest.raises(ValueError, match=message):
            tree.assert_same_structure(a, b)
    with pytest.warns(DeprecationWarning, match="check_types"):
        with pytest.raises(ValueError):
            tree.assert_same_structure([(1,)], [[1]], check_types=False)


def test_assert_same_paths_ignores_container_types():
    tree.assert_same_paths([1, (2, 3)], (4, [5, 6]))
    tree.assert_same_paths({0: 1}, [1])
    with pytest.raises(ValueError, match=r"missing in `b`: \[\('a',\)\]"):
        tree.assert_same_paths({"a": 1}, {"b": 1})


def test_traverse_top_down():
    seen = []
    assert tree.traverse(lambda x: seen.append(repr(x)), [1, [2, 3]]) == [1, [2, 3]]
    assert seen == ["[1, [2, 3]]", "1", "[2, 3]", "2", "3"]
    replace = tree.traverse(lambda x: "X" if x == [2, 3] else None, [1, [2, 3]])
    assert replace == [1, "X"]
    dropped = tree.traverse(lambda x: tree.MAP_TO_NONE if x == 2 else None, [1, [2, 3]])
    assert dropped == [1, [None, 3]]


def test_traverse_bottom_up():
    seen = []
    tree.traverse(lambda x: seen.append(repr(x)), [1, [2, 3]], top_down=False)
    assert seen == ["1", "2", "3", "[2, 3]", "[1, [2, 3]]"]
    doubled = tree.traverse(
        lambda x: x * 2 if isinstance(x, int) else None, [1, [2, 3]], top_down=False
    )
    assert doubled == [2, [4, 6]]
    # Each container is rebuilt from its children's results before `func` sees it.
    lengths = tree.traverse(
        lambda x: len(x) if isinstance(x, list) else x, [1, [2, 3]], top_down=False
    )
    assert lengths == 2


def test_map_shape_structure():
    shapes = [(1, 2), [(3,), (None, 4)], {"a": (5,)}]
    assert tree.map_shape_structure(len, shapes) == [2, [1, 2], {"a": 1}]
    assert tree.map_shape_structure(lambda s: s, [1, 2]) == [1, 2]
    assert tree.map_shape_structure(tuple, {"a": [2, 3], "b": (None,)}) == {
        "a": (2, 3),
        "b": (None,),
    }
