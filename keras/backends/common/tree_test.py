"""tree.map_structure's shallow fast paths give what optree gives."""

import collections

import optree
import pytest

from keras.backends.common import tree

Pair = collections.namedtuple("Pair", "a b")

STRUCTURES = [
    None,
    1.5,
    "text",
    (),
    [],
    {},
    (1, None, "x"),
    [1, 2, 3],
    {"b": 1, "a": None, "c": 3},
    {"b": (1,), "a": 2},
    [1, [2, 3]],
    (1, {"k": 2}),
    Pair(1, 2),
    collections.OrderedDict(b=1, a=2),
    collections.defaultdict(int, b=1, a=2),
    collections.deque([1, 2]),
    {1: "x", 0: "y"},
]


def optree_map(function, structure):
    return optree.tree_map(function, structure, none_is_leaf=True, namespace="keras")


@pytest.mark.parametrize("structure", STRUCTURES, ids=repr)
def test_map_structure_matches_optree(structure):
    ours_calls, their_calls = [], []
    ours = tree.map_structure(lambda x: ours_calls.append(x) or ("leaf", x), structure)
    theirs = optree_map(lambda x: their_calls.append(x) or ("leaf", x), structure)
    assert type(ours) is type(theirs)
    assert ours == theirs
    if isinstance(ours, dict):
        assert list(ours) == list(theirs)  # the dict's own key order
    assert ours_calls == their_calls  # leaves visited in the same (sorted-key) order


def test_map_structure_of_several_structures():
    assert tree.map_structure(lambda x, y: x + y, (1, 2), (10, 20)) == (11, 22)
    with pytest.raises(ValueError):
        tree.map_structure(lambda x, y: x + y, (1, 2), (10,))
