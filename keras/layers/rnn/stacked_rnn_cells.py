"""StackedRNNCells: several cells run as one, each feeding the next."""

import inspect

from keras import ops
from keras.backends.common import tree
from keras.layers.layer import Layer
from keras.layers.rnn import rnn
from keras.saving import serialization_lib


def _is_nested(value):
    return isinstance(value, (list, tuple))


class StackedRNNCells(Layer):
    """Wraps a list of RNN cells into one cell: at each step the output of a cell is
    the input of the next; the states are the list of each cell's states.

    Args:
        cells: a list of RNN cells.
        **kwargs: base Layer arguments.

    >>> cells = [keras.layers.LSTMCell(4), keras.layers.GRUCell(2)]
    >>> keras.layers.RNN(keras.layers.StackedRNNCells(cells))(np.ones((2, 5, 3))).shape
    (2, 2)
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        if not _is_nested(cells) or not cells:
            raise ValueError(
                f"StackedRNNCells: `cells` must be a non-empty list of RNN cells; "
                f"received cells={cells!r}."
            )
        for cell in cells:
            if not callable(getattr(cell, "call", None)) or not hasattr(
                cell, "state_size"
            ):
                raise ValueError(
                    "StackedRNNCells: every cell needs a `call` method and a "
                    f"`state_size` attribute; received {cell!r}."
                )
        self.cells = list(cells)

    @property
    def state_size(self):
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self):
        last = self.cells[-1]
        size = getattr(last, "output_size", None)
        if size is not None:
            return size
        return tree.flatten(last.state_size)[0]

    def get_initial_state(self, batch_size=None):
        states = []
        for cell in self.cells:
            make = getattr(cell, "get_initial_state", None)
            if make is not None:
                states.append(make(batch_size=batch_size))
                continue
            sizes = cell.state_size
            sizes = sizes if _is_nested(sizes) else [sizes]
            dtype = getattr(cell, "compute_dtype", self.compute_dtype)
            states.append([ops.zeros((batch_size, s), dtype=dtype) for s in sizes])
        return states

    def build(self, input_shape):
        input_shape = tuple(input_shape)
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell.build(input_shape)
            size = getattr(cell, "output_size", None)
            if size is None:
                size = tree.flatten(cell.state_size)[0]
            input_shape = input_shape[:-1] + (size,)

    def call(self, inputs, states, training=False, **kwargs):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            given_list = _is_nested(cell_states)
            cell_states = list(cell_states) if given_list else [cell_states]
            call_kwargs = dict(kwargs)
            if "training" in _call_arguments(cell):
                call_kwargs["training"] = training
            inputs, cell_states = cell(inputs, cell_states, **call_kwargs)
            if not _is_nested(cell_states):
                cell_states = [cell_states]
            if given_list or len(cell_states) > 1:
                new_states.append(list(cell_states))
            else:
                new_states.append(cell_states[0])
        return inputs, new_states

    def get_config(self):
        config = super().get_config()
        config["cells"] = [rnn.serialize_cell(cell) for cell in self.cells]
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["cells"] = [
            serialization_lib.deserialize_keras_object(c, custom_objects=custom_objects)
            for c in config["cells"]
        ]
        return cls(**config)


def _call_arguments(cell):
    try:
        return inspect.signature(cell.call).parameters
    except (TypeError, ValueError):
        return {}
