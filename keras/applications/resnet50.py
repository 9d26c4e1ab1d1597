"""Public namespace `keras.applications.resnet50`: ResNet50 with its preprocessing
and decoding (the same objects as in `keras.applications.resnet`)."""

from keras.applications.resnet import ResNet50
from keras.applications.resnet import decode_predictions
from keras.applications.resnet import preprocess_input

__all__ = ["ResNet50", "decode_predictions", "preprocess_input"]
