"""What a Layer holds: its sub-layers and variables, found through its attributes.

`TrackedState` is the part of `Layer` that records every attribute a layer sets (and
every variable it creates), walks them for sub-layers, weights and variables in the
order Keras gives them, and caches those walks until any layer's tracked state changes.
"""

import math

import numpy as np

from keras.backends import active
from keras.backends.common import variables as variables_lib
from keras.random.seed_generator import SeedGenerator

# Bumped whenever any layer's tracked attributes or variables change; the cached walks
# of a layer's attributes (sub-layers, variables) are valid for one generation.
_generation = [0]


class TrackedState:
    """Mixin of `keras.layers.Layer` (only layers inherit it): attribute tracking, the
    weights and variables properties, `trainable`, get/set_weights, count_params."""

    # Attribute tracking.
    def __setattr__(self, name, value):
        d = self.__dict__
        if d.get("_tracking"):
            _generation[0] += 1
            d["_attr_order"].setdefault(name, None)
            if isinstance(value, variables_lib.Variable):
                self._track_variable(value)
        elif "_tracking" not in d and name not in ("_auto_config",):
            raise RuntimeError(
                f"{type(self).__name__}: set attributes only after calling "
                "`super().__init__(**kwargs)` in `__init__`."
            )
        self._backend_setattr(name, value)

    def _track_variable(self, variable):
        _generation[0] += 1
        known = self._trainable_vars + self._non_trainable_vars
        if any(v is variable for v in known):
            return
        if variable.trainable:
            self._trainable_vars.append(variable)
        else:
            self._non_trainable_vars.append(variable)

    def _tracked_values(self):
        d = self.__dict__
        for name in list(d.get("_attr_order", ())):
            if name in d:
                yield d[name]

    def _cached(self, key, compute):
        """`compute()`, remembered until any layer's tracked state changes."""
        d = self.__dict__
        cache = d.get("_walk_cache")
        if cache is None or cache[0] != _generation[0]:
            cache = d["_walk_cache"] = (_generation[0], {})
        value = cache[1].get(key)
        if value is None:
            value = cache[1][key] = compute()
        return value

    def _children(self, kinds):
        """Objects of `kinds` found in the attributes (inside containers too), in order."""
        return self._cached(kinds, lambda: self._walk_children(kinds))

    def _walk_children(self, kinds):
        found, seen = [], set()

        def visit(value):
            if isinstance(value, kinds):
                if id(value) not in seen and value is not self:
                    seen.add(id(value))
                    found.append(value)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    visit(item)
            elif isinstance(value, dict):
                for item in value.values():
                    visit(item)

        for value in self._tracked_values():
            visit(value)
        return found

    @property
    def _layers(self):
        """The direct sub-layers, in the order they were assigned."""
        return self._children(TrackedState)

    def _flatten_layers(self, include_self=True, recursive=True):
        key = ("flat", include_self, recursive)
        return self._cached(key, lambda: self._walk_layers(include_self, recursive))

    def _walk_layers(self, include_self, recursive):
        result = [self] if include_self else []
        seen = {id(self)}
        stack = list(self._layers)
        while stack:
            layer = stack.pop(0)
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            result.append(layer)
            if recursive:
                stack = list(layer._layers) + stack
        return result

    def _own_variables(self):
        listed = self._trainable_vars + self._non_trainable_vars
        ids = {id(v) for v in listed}
        for variable in self._children(variables_lib.Variable):
            if id(variable) not in ids:
                self._track_variable(variable)
                listed.append(variable)
                ids.add(id(variable))
        return self._trainable_vars + self._non_trainable_vars

    @staticmethod
    def _unique(items):
        result, seen = [], set()
        for item in items:
            if id(item) not in seen:
                seen.add(id(item))
                result.append(item)
        return result

    # Weights and variables.
    @property
    def weights(self):
        """All weights: own trainable, own non-trainable, then each sub-layer's."""
        return list(self._cached("weights", self._walk_weights))

    def _walk_weights(self):
        found = list(self._own_variables())
        for layer in self._layers:
            found.extend(layer.weights)
        return self._unique(found)

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        return [w for w in self.weights if w.trainable]

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self.weights
        return [w for w in self.weights if not w.trainable]

    @property
    def variables(self):
        """All state: the weights plus seed generator states (and metric variables)."""
        return list(self._cached("variables", self._walk_variables))

    def _walk_variables(self):
        found = list(self._own_variables())
        for generator in self._children(SeedGenerator):
            found.append(generator.state)
        for child in self._children(object):
            if not isinstance(child, TrackedState) and hasattr(child, "_metric_variables"):
                found.extend(child._metric_variables())
        for layer in self._layers:
            found.extend(layer.variables)
        return self._unique(found)

    @property
    def trainable_variables(self):
        if not self.trainable:
            return []
        return [v for v in self.variables if v.trainable]

    @property
    def non_trainable_variables(self):
        if not self.trainable:
            return self.variables
        return [v for v in self.variables if not v.trainable]

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        value = bool(value)
        self._trainable = value
        for variable in self._trainable_vars:
            variable.trainable = value
        for layer in self._layers:
            layer.trainable = value

    def get_weights(self):
        """The weights as a list of NumPy arrays."""
        return [np.array(active.convert_to_numpy(w.value)) for w in self.weights]

    def set_weights(self, weights):
        """Sets the weights from a list of arrays (same count, order and shapes)."""
        own = self.weights
        if len(weights) != len(own):
            raise ValueError(
                f"Layer '{self.name}' expects {len(own)} weights, but `set_weights` "
                f"received {len(weights)}: provided shapes "
                f"{[tuple(np.shape(w)) for w in weights]}."
            )
        for variable, value in zip(own, weights):
            if tuple(np.shape(value)) != tuple(variable.shape):
                raise ValueError(
                    f"Layer '{self.name}': weight '{variable.path}' has shape "
                    f"{tuple(variable.shape)}, which is not compatible with the provided "
                    f"weight of shape {tuple(np.shape(value))}."
                )
        for variable, value in zip(own, weights):
            variable.assign(value)

    def count_params(self):
        """The number of scalars in the layer's weights (the layer must be built)."""
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer '{self.name}', but the layer "
                "isn't built. Build it first (call it on data or call `build`)."
            )
        return int(sum(math.prod(w.shape) for w in self.weights))
