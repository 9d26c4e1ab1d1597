"""The VGG architecture shared by VGG16 and VGG19 (Very Deep Convolutional Networks
for Large-Scale Image Recognition, Simonyan & Zisserman, 2014): five blocks of 3x3
convolutions, each ending with 2x2 max pooling, then two 4096-unit Dense layers."""

from keras import layers
from keras.applications import builder_utils
from keras.applications import imagenet_utils


def VGG(
    convs_per_block,
    name,
    include_top,
    weights,
    input_tensor,
    input_shape,
    pooling,
    classes,
    classifier_activation,
    weights_file,
):
    """A VGG model with `convs_per_block[i]` convolutions in block i + 1.

    Args:
        weights_file: `(subdir, fname, file_hash)` of the ImageNet weights for these
            arguments.
    """
    builder_utils.check_arguments(weights, include_top, classes)
    img_input = builder_utils.image_input(
        input_tensor, input_shape, 224, 32, include_top, weights
    )
    x = img_input
    for block, (filters, convs) in enumerate(zip((64, 128, 256, 512, 512),
                                                 convs_per_block), start=1):
        for conv in range(1, convs + 1):
            x = layers.Conv2D(
                filters,
                (3, 3),
                activation="relu",
                padding="same",
                name=f"block{block}_conv{conv}",
            )(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"block{block}_pool")(x)
    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(4096, activation="relu", name="fc1")(x)
        x = layers.Dense(4096, activation="relu", name="fc2")(x)
        imagenet_utils.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(
            x
        )
    else:
        x = builder_utils.pool(x, pooling)
    return builder_utils.finish(input_tensor, img_input, x, name, weights, weights_file)


def weights_file(model, include_top, top_hash, notop_hash):
    """(subdir, file name, hash) of the published ImageNet weights of `model`
    ("vgg16" or "vgg19")."""
    suffix = "" if include_top else "_notop"
    fname = f"{model}_weights_tf_dim_ordering_tf_kernels{suffix}.h5"
    return (model, fname, top_hash if include_top else notop_hash)


def preprocess_input(x, data_format=None):
    """Preprocesses images for VGG: "caffe" mode (BGR, ImageNet mean subtracted)."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="caffe")
