"""Pieces shared by the MobileNet, EfficientNet, ConvNeXt and NASNet builders.

Argument checks, input shapes and weight files go through the machinery every
application uses (`imagenet_utils`, `builder_utils`, `cache`, `weights`); this
module adds what these families have in common on top: channel rounding
(`make_divisible`), the asymmetric padding that mimics TensorFlow's "same"
padding before a strided convolution (`correct_pad`), and small wrappers that
keep the builders short.
"""

from keras.applications import builder_utils
from keras.applications import cache
from keras.applications import imagenet_utils
from keras.applications import published_weights
from keras.applications import weights as weights_lib
from keras.backends.common import config

channel_axis = builder_utils.channel_axis
pool = builder_utils.pool


def make_divisible(value, divisor=8, min_value=None):
    """Round a channel count to the nearest multiple of `divisor` (not below
    `min_value`, never more than 10% under `value`)."""
    min_value = min_value or divisor
    rounded = max(min_value, int(value + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


def correct_pad(inputs, kernel_size):
    """Padding `((top, bottom), (left, right))` for a strided "valid" conv of
    `kernel_size` so it reproduces TensorFlow's "same" alignment."""
    if config.image_data_format() == "channels_first":
        size = inputs.shape[2:4]
    else:
        size = inputs.shape[1:3]
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    if size[0] is None:
        adjust = (1, 1)
    else:
        adjust = (1 - size[0] % 2, 1 - size[1] % 2)
    half = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((half[0] - adjust[0], half[0]), (half[1] - adjust[1], half[1]))


def check_weights_args(weights, include_top, classes, classifier_activation):
    """Validate `weights`, `classes` and (with a classifier) its activation."""
    imagenet_utils.check_weights_argument(weights, include_top, classes)
    if include_top:
        imagenet_utils.validate_activation(classifier_activation, weights)


def input_shape_for(input_shape, default_size, min_size, include_top, weights):
    """The checked shape of one input image (Keras's rules, see
    `imagenet_utils.obtain_input_shape`)."""
    return imagenet_utils.obtain_input_shape(
        input_shape,
        default_size=default_size,
        min_size=min_size,
        data_format=config.image_data_format(),
        require_flatten=include_top,
        weights=weights,
    )


def rows_of(shape):
    """The height of an image shape under the current data format."""
    return shape[1] if channel_axis() == 1 else shape[0]


def image_input(shape, input_tensor):
    """The `Input` the graph starts from, reusing `input_tensor` when given."""
    from keras.backends.common.keras_tensor import is_keras_tensor
    from keras.layers.input_layer import Input

    if input_tensor is None:
        return Input(shape=shape)
    if not is_keras_tensor(input_tensor):
        return Input(tensor=input_tensor, shape=shape)
    return input_tensor


def top_or_pooling(x, include_top, pooling, classes, classifier_activation, names):
    """End with `GlobalAveragePooling2D + Dense("predictions")` or the pooling.

    `names` maps "gap", "avg", "max" to layer names (missing: automatic).
    """
    from keras.layers.core.dense import Dense
    from keras.layers.pooling.global_pooling import GlobalAveragePooling2D

    if include_top:
        x = GlobalAveragePooling2D(name=names.get("gap"))(x)
        return Dense(classes, activation=classifier_activation, name="predictions")(x)
    return pool(x, pooling, (names.get("avg"), names.get("max")))


def finish(input_tensor, img_input, outputs, name, weights, origin, fname):
    """The functional model from the image input to `outputs`, with `weights`
    loaded; "imagenet" fetches `origin + fname` into the Keras cache."""
    from keras.models.functional import Functional
    from keras.utils.source_inputs import get_source_inputs

    inputs = get_source_inputs(input_tensor) if input_tensor is not None else img_input
    model = Functional(inputs, outputs, name=name)
    if weights == "imagenet":
        # Keras 3.15.1's file name, URL and hash where it publishes the file.
        found = published_weights.find(fname)
        if found is None:
            raise ValueError(
                f"No published ImageNet weights are known for the model '{name}' with "
                f"these arguments (file '{fname}'); pass `weights=None` or the path of "
                "a weights file."
            )
        cache_name, url, digest = found
        path = cache.cached_or_fetched(
            cache_name, url, digest, what="the pretrained ImageNet weights"
        )
        weights_lib.load_weights_file(model, path)
    elif weights is not None:
        weights_lib.load_application_weights(model, weights)
    return model
