"""Public namespace `keras.applications`: the pretrained image classification
architectures (ResNet, VGG, Xception, Inception, DenseNet, ConvNeXt, EfficientNet,
MobileNet, NASNet), and one submodule per family (`keras.applications.resnet`...)
holding its builders, `preprocess_input` and `decode_predictions`.

Lazy: a name loads its family module on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public builder name -> the family module defining it.
_EXPORTS = {
    "ResNet50": ".resnet",
    "ResNet101": ".resnet",
    "ResNet152": ".resnet",
    "ResNet50V2": ".resnet_v2",
    "ResNet101V2": ".resnet_v2",
    "ResNet152V2": ".resnet_v2",
    "VGG16": ".vgg16",
    "VGG19": ".vgg19",
    "Xception": ".xception",
    "InceptionV3": ".inception_v3",
    "InceptionResNetV2": ".inception_resnet_v2",
    "DenseNet121": ".densenet",
    "DenseNet169": ".densenet",
    "DenseNet201": ".densenet",
    "ConvNeXtTiny": ".convnext",
    "ConvNeXtSmall": ".convnext",
    "ConvNeXtBase": ".convnext",
    "ConvNeXtLarge": ".convnext",
    "ConvNeXtXLarge": ".convnext",
    "EfficientNetB0": ".efficientnet",
    "EfficientNetB1": ".efficientnet",
    "EfficientNetB2": ".efficientnet",
    "EfficientNetB3": ".efficientnet",
    "EfficientNetB4": ".efficientnet",
    "EfficientNetB5": ".efficientnet",
    "EfficientNetB6": ".efficientnet",
    "EfficientNetB7": ".efficientnet",
    "EfficientNetV2B0": ".efficientnet_v2",
    "EfficientNetV2B1": ".efficientnet_v2",
    "EfficientNetV2B2": ".efficientnet_v2",
    "EfficientNetV2B3": ".efficientnet_v2",
    "EfficientNetV2S": ".efficientnet_v2",
    "EfficientNetV2M": ".efficientnet_v2",
    "EfficientNetV2L": ".efficientnet_v2",
    "MobileNet": ".mobilenet",
    "MobileNetV2": ".mobilenet_v2",
    "MobileNetV3Small": ".mobilenet_v3",
    "MobileNetV3Large": ".mobilenet_v3",
    "NASNetMobile": ".nasnet",
    "NASNetLarge": ".nasnet",
}

# The family submodules, each also a public namespace.
_SUBMODULES = (
    "convnext",
    "densenet",
    "efficientnet",
    "efficientnet_v2",
    "imagenet_utils",
    "inception_resnet_v2",
    "inception_v3",
    "mobilenet",
    "mobilenet_v2",
    "mobilenet_v3",
    "nasnet",
    "resnet",
    "resnet50",
    "resnet_v2",
    "vgg16",
    "vgg19",
    "xception",
)

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS, submodules=_SUBMODULES)
