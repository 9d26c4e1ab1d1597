"""Where Keras 3 files keep each object's state: the walk behind weights files.

Keras 3 addresses state by *object path*, not by layer name: it walks the model's
objects depth first and stores each one's variables in an HDF5 group
`<path>/vars` (datasets "0", "1", ...). The walk, reproduced here:

* the root (the model) has path "" (its group is `vars`);
* a Sequential or Functional model first visits its `layers` list;
* then every attribute, in `dir()` order with public names before private ones
  (`_name_key`), skipping `__dunder__` names and those a bare `Layer` already has;
* an attribute holding a saveable object adds `/<attribute>` to the path; an attribute
  holding a list, tuple or dict adds `/<attribute>/<snake_case_class>[_N]` for each
  saveable inside, where `_N` counts earlier items of the same class in that container
  (`dense`, `dense_1`, `dense_2`, ...; an item seen before still takes its number);
* an object reached a second time (a shared layer) is skipped.

Saveable objects are layers (models included) and optimizers (anything with
`apply_gradients` and `variables`); a compiled model thus stores its optimizer at
`optimizer/vars`. Metrics and losses hold no saved state, as in Keras 3.

The `layers` of a Functional model come in Keras 3's graph order (by depth from the
outputs, then by first visit from the outputs), InputLayers included, so that the `_N`
suffixes match files written by Keras 3. Containers nested in containers are flattened
into one naming scope (Keras 3.15's own naming of that case is not documented).
"""

import functools
import re
import sys

from keras.layers.layer import Layer
from keras.ops import function

# Model attributes that mirror `layers` (the Keras skip list has "operations",
# "_operations" and "_functional"; `_stack` and `_graph` are our Sequential's).
_EXTRA_SKIPS = {
    "Functional": frozenset({"operations", "_operations"}),
    "Sequential": frozenset({"_stack", "_graph", "_functional"}),
    "Layer": frozenset(),
}


def snake_case(name):
    """A class name in snake_case, by Keras 3's rule ("Conv2D" -> "conv2d")."""
    name = re.sub(r"\W+", "", name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def is_optimizer(obj):
    """Whether `obj` is an optimizer: not a layer, has `apply_gradients` and
    `variables`."""
    return (
        not isinstance(obj, Layer)
        and callable(getattr(type(obj), "apply_gradients", None))
        and hasattr(obj, "variables")
    )


def is_saveable(obj):
    return isinstance(obj, Layer) or is_optimizer(obj)


def saveables(root, objects_to_skip=()):
    """The saveable objects reachable from `root`, with their paths, in Keras 3 order.

    Args:
        root: a layer or model (or optimizer).
        objects_to_skip: objects left out, with everything only reachable through them.

    Returns:
        A list of `(path, obj)`: `("", root)` first, then e.g.
        `("layers/dense", <Dense>)`, `("layers/dense_1", <Dense>)`.
    """
    visited = {id(obj) for obj in objects_to_skip}
    found = []
    # An explicit stack (not recursion): deep models exceed Python's recursion limit.
    # Each entry is (path, obj); children are pushed in reverse to pop in order.
    stack = [("", root)]
    while stack:
        path, obj = stack.pop()
        if id(obj) in visited:
            continue
        visited.add(id(obj))
        found.append((path, obj))
        stack.extend(reversed(list(_children(path, obj))))
    return found


def own_variables(obj):
    """The variables an object stores in its own `vars` group, in file order."""
    if isinstance(obj, Layer):
        return list(obj._own_variables())
    return list(obj.variables)


def weight_paths(root, objects_to_skip=()):
    """`(dataset path, variable)` for every variable of `root` in the Keras 3 layout.

    >>> [p for p, _ in weight_paths(keras.Sequential([keras.Input((2,)), Dense(3)]))]
    ['layers/dense/vars/0', 'layers/dense/vars/1']

    Layers with their own saving hook write what the hook chooses (a Dense with LoRA
    stores its merged kernel at `vars/0`), which this listing does not evaluate.
    """
    pairs = []
    for path, obj in saveables(root, objects_to_skip):
        group = vars_path(path)
        pairs.extend((f"{group}/{i}", v) for i, v in enumerate(own_variables(obj)))
    return pairs


def vars_path(path):
    """The HDF5 group holding the variables of the object at `path`."""
    return f"{path}/vars" if path else "vars"


def _join(path, name):
    return f"{path}/{name}" if path else name


def _children(path, obj):
    """(path, child) for each saveable child of `obj`, in visiting order; container
    items are named and counted here (before the visited check, as Keras does)."""
    for attr, value in _attributes(obj):
        if is_saveable(value):
            yield _join(path, attr), value
        elif isinstance(value, (list, tuple, dict)):
            counts = {}
            for item in _flatten(value):
                if not is_saveable(item):
                    continue
                name = snake_case(type(item).__name__)
                number = counts.get(name)
                counts[name] = 0 if number is None else number + 1
                if number is not None:
                    name = f"{name}_{number + 1}"
                yield _join(_join(path, attr), name), item


def _flatten(container):
    items = container.values() if isinstance(container, dict) else container
    for item in items:
        if isinstance(item, (list, tuple, dict)):
            yield from _flatten(item)
        else:
            yield item


def _name_key(name):
    # Keras 3 visits public attributes before private ones.
    return "~" + name if name.startswith("_") else name


def _attributes(obj):
    """(name, value) pairs Keras 3 walks for `obj`."""
    if not isinstance(obj, Layer):
        # Optimizers: their own attributes (an inner optimizer, for a wrapper).
        for name in sorted(vars(obj), key=_name_key):
            if name != "variables" and not name.startswith("__"):
                yield name, vars(obj)[name]
        return
    kind = _model_kind(obj)
    if kind == "Functional":
        yield "layers", graph_layers(obj)
    elif kind == "Sequential":
        yield "layers", list(obj.layers)
    skip = _base_names() | _EXTRA_SKIPS[kind]
    for name in sorted(dir(obj), key=_name_key):
        if name.startswith("__") or name in skip:
            continue
        try:
            value = getattr(obj, name)
        except Exception:  # noqa: BLE001 - a failing property is not state (as Keras)
            continue
        yield name, value


@functools.lru_cache(maxsize=None)
def _base_names():
    """Attribute names of a bare `Layer` (framework internals, never walked)."""
    # Plus caches a Layer only creates on first use (they hold layers, not state).
    return frozenset(dir(Layer(name="saveable_paths_reference"))) | _LAYER_CACHES


# Layer attributes that cache framework work and must never be walked as state.
_LAYER_CACHES = frozenset({"_walk_cache", "_node_plans"})


def _model_kind(obj):
    # Looked up lazily: models depend on saving, not the other way round.
    sequential = sys.modules.get("keras.models.sequential")
    if sequential is not None and isinstance(obj, sequential.Sequential):
        return "Sequential"
    functional = sys.modules.get("keras.models.functional")
    if functional is not None and isinstance(obj, functional.Functional):
        return "Functional"
    return "Layer"


def graph_layers(model):
    """The layers of a graph model (inputs to outputs) in Keras 3's order: by depth
    from the outputs, deepest first (see keras.ops.function.operations_by_depth,
    which Functional.layers also follows)."""
    inputs, outputs = list(model.inputs), list(model.outputs)
    nodes = function.ordered_nodes(inputs, outputs)
    operations = function.operations_by_depth(inputs, outputs, nodes)
    return [operation for operation in operations if isinstance(operation, Layer)]
