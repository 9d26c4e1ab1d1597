"""Steps every application builder shares: checking its arguments, the image input,
the classifier or pooling head, and the final model with its weights."""

from keras import layers
from keras.applications import imagenet_utils
from keras.applications import weights as weights_lib
from keras.backends.common import config
from keras.backends.common.keras_tensor import is_keras_tensor
from keras.models import Model
from keras.utils.source_inputs import get_source_inputs

def check_arguments(weights, include_top, classes):
    """Checks `weights` and `classes` as Keras does (ValueError). As in Keras, a
    `pooling` other than "avg" or "max" means no pooling."""
    imagenet_utils.check_weights_argument(weights, include_top, classes)


def image_input(input_tensor, input_shape, default_size, min_size, include_top,
                weights):
    """The input of the model: `input_tensor` (wrapped in an Input when it is not
    symbolic), else a new `Input` of the checked `input_shape`."""
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape,
        default_size=default_size,
        min_size=min_size,
        data_format=config.image_data_format(),
        require_flatten=include_top,
        weights=weights,
    )
    if input_tensor is None:
        return layers.Input(shape=input_shape)
    if not is_keras_tensor(input_tensor):
        return layers.Input(tensor=input_tensor, shape=input_shape)
    return input_tensor


def channel_axis():
    """The channel axis of images in the configured data format."""
    return 1 if config.image_data_format() == "channels_first" else -1


def head(x, include_top, pooling, classes, classifier_activation, weights,
         flatten=False):
    """The classifier (global average pooling, or Flatten for VGG, then the
    "predictions" Dense layer) when `include_top`, else the optional pooling."""
    if include_top:
        if flatten:
            x = layers.Flatten(name="flatten")(x)
        else:
            x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        imagenet_utils.validate_activation(classifier_activation, weights)
        return layers.Dense(
            classes, activation=classifier_activation, name="predictions"
        )(x)
    return pool(x, pooling)


def pool(x, pooling, names=(None, None)):
    """Global pooling of the feature map: "avg", "max", or none; `names` are the
    layer names of the average and max pooling (None: automatic)."""
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name=names[0])(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name=names[1])(x)
    return x


def finish(input_tensor, img_input, outputs, name, weights, weights_file=None):
    """The functional model from the image input to `outputs`, with `weights` loaded.

    Args:
        input_tensor: the builder's `input_tensor`: the model starts at its source
            inputs when given.
        weights_file: `(subdir, fname, file_hash)` of the published ImageNet weights
            for these arguments, or None when there are none.
    """
    inputs = get_source_inputs(input_tensor) if input_tensor is not None else img_input
    model = Model(inputs, outputs, name=name)
    subdir, fname, file_hash = weights_file or (None, None, None)
    weights_lib.load_application_weights(model, weights, subdir, fname, file_hash)
    return model
