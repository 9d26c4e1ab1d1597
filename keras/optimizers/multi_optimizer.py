"""MultiOptimizer: different optimizers for different variables."""

import json
import re

from keras import ops
from keras.backends import active
from keras.optimizers import base_optimizer
from keras.saving import serialization_lib

# Keys of the base optimizer config; MultiOptimizer has no use for them.
_BASE_KEYS = (
    "learning_rate",
    "weight_decay",
    "clipnorm",
    "global_clipnorm",
    "clipvalue",
    "use_ema",
    "ema_momentum",
    "ema_overwrite_frequency",
    "loss_scale_factor",
    "gradient_accumulation_steps",
)


class OptimizerMap:
    """Assigns variables to optimizers by rules.

    Args:
        optimizer: a list of optimizers.
        variable_identifier: one rule per optimizer: a regular expression matched
            at the start of a variable's path or name, a Variable, a list of
            Variables, or a callable `f(variable) -> bool`.

    Subclass it and override `__call__(variable)` for other routing.

    >>> adam, sgd = keras.optimizers.Adam(), keras.optimizers.SGD()
    >>> rules = keras.optimizers.OptimizerMap([adam, sgd], ["dense_1/", "bias"])
    """

    def __init__(self, optimizer, variable_identifier):
        if len(optimizer) != len(variable_identifier):
            raise ValueError(
                "`optimizer` and `variable_identifier` must have the same length. "
                f"Received {len(optimizer)} optimizers and "
                f"{len(variable_identifier)} identifiers."
            )
        self.optimizer = list(optimizer)
        self.variable_identifier = list(variable_identifier)

    def __call__(self, variable):
        """The optimizer the rules give `variable`, or None if no rule matches."""
        matched = []
        for optimizer, identifier in zip(self.optimizer, self.variable_identifier):
            if _matches(variable, identifier) and optimizer not in matched:
                matched.append(optimizer)
        if len(matched) > 1:
            raise ValueError(
                f"Several optimizers match variable '{variable.path}': {matched}. "
                "Make the rules of the OptimizerMap exclusive."
            )
        return matched[0] if matched else None


def _matches(variable, identifier):
    if isinstance(identifier, str):
        return bool(
            re.match(identifier, variable.path) or re.match(identifier, variable.name)
        )
    if isinstance(identifier, (list, tuple, set)):
        return any(variable is item for item in identifier)
    if isinstance(identifier, active.Variable):
        return variable is identifier
    if callable(identifier):
        return bool(identifier(variable))
    return variable is identifier


def _serialize_identifier(identifier):
    """Variables are saved as anchored regular expressions of their paths."""
    if isinstance(identifier, active.Variable):
        return f"^{re.escape(identifier.path)}$"
    if isinstance(identifier, (list, tuple, set)):
        paths = [
            re.escape(item.path if isinstance(item, active.Variable) else str(item))
            for item in identifier
        ]
        return f"^({'|'.join(paths)})$"
    if callable(identifier):
        return serialization_lib.serialize_keras_object(identifier)
    return identifier


class MultiOptimizer(base_optimizer.Optimizer):
    """Updates each variable with the optimizer an `OptimizerMap` assigns it.

    Its `variables` are its own (iterations, learning rate) followed by those of
    each inner optimizer, the default optimizer last.

    Args:
        obj_map: an `OptimizerMap`.
        default_optimizer: the optimizer of the variables no rule matches.
        name: the name.

    >>> rules = keras.optimizers.OptimizerMap([keras.optimizers.SGD()], ["dense/"])
    >>> optimizer = keras.optimizers.MultiOptimizer(rules, keras.optimizers.Adam())
    """

    default_name = "multi_optimizer"

    def __init__(self, obj_map, default_optimizer, name=None, **kwargs):
        if not isinstance(obj_map, OptimizerMap):
            raise ValueError(
                f"`obj_map` must be an OptimizerMap. Received: obj_map={obj_map!r}"
            )
        if not isinstance(default_optimizer, base_optimizer.Optimizer):
            raise ValueError(
                "`default_optimizer` must be a keras.optimizers.Optimizer. Received: "
                f"default_optimizer={default_optimizer!r}"
            )
        unknown = sorted(set(kwargs) - set(_BASE_KEYS))
        if unknown:
            raise ValueError(f"MultiOptimizer does not support arguments: {unknown}.")
        super().__init__(learning_rate=0.0, name=name)
        self.obj_map = obj_map
        self.default_optimizer = default_optimizer
        inner = []
        for optimizer in obj_map.optimizer:
            if optimizer not in inner and optimizer is not default_optimizer:
                inner.append(optimizer)
        self._inner_optimizers = inner + [default_optimizer]
        for optimizer in self._inner_optimizers:
            optimizer.loss_scale_factor = None

    @property
    def num_optimizers(self):
        return len(self._inner_optimizers)

    def get_optimizer(self, index):
        """The inner optimizer at `index` (the default optimizer is the last)."""
        return self._inner_optimizers[index]

    def build(self, variables):
        if self.built:
            return
        variables = list(variables)
        groups = {id(opt): [] for opt in self._inner_optimizers}
        self._owner = {}
        for variable in variables:
            optimizer = self.obj_map(variable) or self.default_optimizer
            if optimizer not in self._inner_optimizers:
                raise ValueError(
                    f"The OptimizerMap gave variable '{variable.path}' an optimizer "
                    "that is not among its optimizers."
                )
            self._owner[id(variable)] = optimizer
            groups[id(optimizer)].append(variable)
        for optimizer in self._inner_optimizers:
            if groups[id(optimizer)]:
                optimizer.build(groups[id(optimizer)])
        super().build(variables)

    @property
    def variables(self):
        result = self._variables[:]
        for optimizer in self._inner_optimizers:
            result.extend(optimizer.variables)
        return result

    @property
    def learning_rate(self):
        return self._inner_optimizers[0].learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        self._inner_optimizers[0].learning_rate = learning_rate

    def apply(self, grads, trainable_variables=None):
        grads = list(grads)
        if not grads:
            return
        if trainable_variables is None:
            trainable_variables = self._trainable_variables
        trainable_variables = list(trainable_variables)
        if not self.built:
            self.build(trainable_variables)
        for optimizer in self._inner_optimizers:
            pairs = [
                (g, v)
                for g, v in zip(grads, trainable_variables)
                if self._owner.get(id(v)) is optimizer
            ]
            if pairs:
                optimizer.apply([g for g, _ in pairs], [v for _, v in pairs])
        self._iterations.assign_add(1)

    def finalize_variable_values(self, var_list):
        for optimizer in self._inner_optimizers:
            owned = [v for v in var_list if self._owner.get(id(v)) is optimizer]
            if owned:
                optimizer.finalize_variable_values(owned)

    def scale_loss(self, loss):
        if self.loss_scale_factor is not None:
            return ops.multiply(loss, self.loss_scale_factor)
        return loss

    def get_config(self):
        config = super().get_config()
        config["obj_map"] = {
            "class_name": type(self.obj_map).__name__,
            "config": {
                "optimizer": [
                    serialization_lib.serialize_keras_object(opt)
                    for opt in self.obj_map.optimizer
                ],
                "variable_identifier": [
                    _serialize_identifier(i) for i in self.obj_map.variable_identifier
                ],
            },
        }
        config["default_optimizer"] = serialization_lib.serialize_keras_object(
            self.default_optimizer
        )
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        map_config = config.pop("obj_map")
        default = serialization_lib.deserialize_keras_object(
            config.pop("default_optimizer"), custom_objects=custom_objects
        )
        # An optimizer shared by several rules was serialized once per rule; equal
        # configs (names included, which are unique) rebuild one shared instance.
        rebuilt = {}
        optimizers = []
        for optimizer_config in map_config["config"]["optimizer"]:
            key = json.dumps(optimizer_config, sort_keys=True)
            if key not in rebuilt:
                rebuilt[key] = serialization_lib.deserialize_keras_object(
                    optimizer_config, custom_objects=custom_objects
                )
            optimizers.append(rebuilt[key])
        identifiers = [
            serialization_lib.deserialize_keras_object(i, custom_objects=custom_objects)
            for i in map_config["config"]["variable_identifier"]
        ]
        map_class = (custom_objects or {}).get(map_config["class_name"], OptimizerMap)
        return cls(map_class(optimizers, identifiers), default, **config)
