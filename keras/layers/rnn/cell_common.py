"""What SimpleRNNCell, LSTMCell and GRUCell (and their layers) share: arguments,
weights, configs, and the layers' read-through attributes of their cell."""

from keras import activations
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.layers.rnn import dropout_rnn_cell
from keras.utils import argument_validation

# The cell arguments a layer's config lists, in Keras 3's order (LSTM and GRU add
# theirs); `activity_regularizer` is the layer's own.
FIELDS = (
    "units",
    "activation",
    "use_bias",
    "kernel_initializer",
    "recurrent_initializer",
    "bias_initializer",
    "kernel_regularizer",
    "recurrent_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "kernel_constraint",
    "recurrent_constraint",
    "bias_constraint",
    "dropout",
    "recurrent_dropout",
)


def init_cell(
    cell, units, dropout, recurrent_dropout, seed, activation, use_bias,
    kernel_initializer, recurrent_initializer, bias_initializer,
    kernel_regularizer, recurrent_regularizer, bias_regularizer,
    kernel_constraint, recurrent_constraint, bias_constraint,
):
    """Checks and stores the arguments every cell takes."""
    name = type(cell).__name__
    cell.units = argument_validation.check_positive_int(units, "units", name)
    cell.dropout = min(1.0, max(0.0, _fraction(dropout, "dropout", name)))
    cell.recurrent_dropout = min(
        1.0, max(0.0, _fraction(recurrent_dropout, "recurrent_dropout", name))
    )
    cell.seed = seed
    cell.activation = activations.get(activation)
    cell.use_bias = bool(use_bias)
    cell.kernel_initializer = initializers.get(kernel_initializer)
    cell.recurrent_initializer = initializers.get(recurrent_initializer)
    cell.bias_initializer = initializers.get(bias_initializer)
    cell.kernel_regularizer = regularizers.get(kernel_regularizer)
    cell.recurrent_regularizer = regularizers.get(recurrent_regularizer)
    cell.bias_regularizer = regularizers.get(bias_regularizer)
    cell.kernel_constraint = constraints.get(kernel_constraint)
    cell.recurrent_constraint = constraints.get(recurrent_constraint)
    cell.bias_constraint = constraints.get(bias_constraint)
    dropout_rnn_cell.make_seed_generator(cell, seed)


def _fraction(value, argument, layer):
    return float(argument_validation.check_fraction(value, argument, layer))


def build_weights(cell, input_dim, width, bias_shape, bias_initializer=None):
    """Creates `kernel` `(input_dim, width)`, `recurrent_kernel` `(units, width)` and,
    with `use_bias`, `bias` of `bias_shape`, in Keras 3's order and names."""
    if input_dim is None:
        raise ValueError(
            f"{type(cell).__name__} '{cell.name}': the last axis of the inputs must be "
            "defined; received None."
        )
    cell.kernel = cell.add_weight(
        shape=(input_dim, width),
        name="kernel",
        initializer=cell.kernel_initializer,
        regularizer=cell.kernel_regularizer,
        constraint=cell.kernel_constraint,
    )
    cell.recurrent_kernel = cell.add_weight(
        shape=(cell.units, width),
        name="recurrent_kernel",
        initializer=cell.recurrent_initializer,
        regularizer=cell.recurrent_regularizer,
        constraint=cell.recurrent_constraint,
    )
    cell.bias = None
    if cell.use_bias:
        cell.bias = cell.add_weight(
            shape=bias_shape,
            name="bias",
            initializer=bias_initializer or cell.bias_initializer,
            regularizer=cell.bias_regularizer,
            constraint=cell.bias_constraint,
        )


def _serialize(field, value):
    if field.endswith("activation"):
        return activations.serialize(value)
    if field.endswith("_initializer"):
        return initializers.serialize(value)
    if field.endswith("_regularizer"):
        return regularizers.serialize(value)
    if field.endswith("_constraint"):
        return constraints.serialize(value)
    return value


def cell_config(cell, fields=FIELDS):
    """The cell's arguments in `fields` (activity_regularizer excepted), serialized."""
    return {
        field: _serialize(field, getattr(cell, field))
        for field in fields
        if field != "activity_regularizer"
    }


def cell_kwargs(kwargs):
    """The base arguments a layer hands down to the cell it makes."""
    return {"dtype": kwargs.get("dtype"), "trainable": kwargs.get("trainable", True)}


def layer_config(layer, base_config, fields):
    """A layer's config as Keras 3 writes it: the RNN arguments, no `cell`, then the
    cell's arguments flattened in."""
    config = {k: v for k, v in base_config.items() if k != "cell"}
    for field in fields:
        source = layer if field == "activity_regularizer" else layer.cell
        config[field] = _serialize(field, getattr(source, field))
    return config


class CellAttributes:
    """Mixin of SimpleRNN, LSTM and GRU: reads the cell's arguments through the layer
    (`layer.units` is `layer.cell.units`) and builds the layer from its flat config.
    A subclass lists those arguments in `_CELL_FIELDS`."""

    _CELL_FIELDS = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for field in cls.__dict__.get("_CELL_FIELDS", ()):
            if field != "activity_regularizer":
                setattr(cls, field, property(_reader(field)))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**dict(config))


def _reader(field):
    def read(self):
        return getattr(self.cell, field)

    read.__doc__ = f"The cell's `{field}`."
    return read
