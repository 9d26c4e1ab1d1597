"""RandomCrop: crops a random window of each batch during training, the centre
otherwise."""

import random as python_random

from keras import ops
from keras import random
from keras.layers.preprocessing.image_preprocessing import _geometry
from keras.layers.preprocessing.image_preprocessing import center_crop
from keras.layers.preprocessing.image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomCrop(BaseImagePreprocessingLayer):
    """Crops a `height` x `width` window at a random position (one per call) during
    training, and the central window otherwise. Images smaller than the target are
    resized to it (after a centred crop to its aspect ratio), as in `CenterCrop`.

    Args:
        height, width: the output size.
        seed: an int for repeatable draws; None picks one at random, stored in the
            config so that a reloaded layer draws alike.
        data_format: "channels_last" or "channels_first".
        name: the layer name.
        **kwargs: base layer arguments (`bounding_box_format`...).

    >>> keras.layers.RandomCrop(2, 2, seed=1)(np.zeros((1, 4, 6, 3))).shape
    (1, 2, 2, 3)
    """

    def __init__(self, height, width, seed=None, data_format=None, name=None, **kwargs):
        super().__init__(data_format=data_format, name=name, **kwargs)
        self.height = _geometry.check_size("RandomCrop", "height", height)
        self.width = _geometry.check_size("RandomCrop", "width", width)
        self.seed = seed if seed is not None else python_random.randint(1, 10**9)
        self.generator = random.SeedGenerator(self.seed)

    def get_random_transformation(self, data, training=True, seed=None):
        in_h, in_w = center_crop.static_height_width(self, data["images"])
        fits = center_crop.fits(in_h, in_w, self.height, self.width)
        if training and fits:
            draws = random.uniform((2,), seed=self.generator)
            top = ops.floor(draws[0] * (in_h - self.height + 1))
            left = ops.floor(draws[1] * (in_w - self.width + 1))
            # uniform is < 1, but a float32 product can still round up to the bound.
            top = ops.minimum(top, in_h - self.height)
            left = ops.minimum(left, in_w - self.width)
        else:
            top, left = (in_h - self.height) // 2, (in_w - self.width) // 2
        return {"top": top, "left": left, "height": in_h, "width": in_w}

    def transform_images(self, images, transformation, training=True):
        return center_crop.CenterCrop._apply(self, images, transformation, "bilinear")

    def transform_segmentation_masks(
        self, segmentation_masks, transformation, training=True
    ):
        return center_crop.CenterCrop._apply(
            self, segmentation_masks, transformation, "nearest"
        )

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        return center_crop.crop_boxes(
            self,
            bounding_boxes,
            transformation["top"],
            transformation["left"],
            transformation["height"],
            transformation["width"],
        )

    def compute_output_shape(self, input_shape):
        return center_crop.output_shape(self, input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"height": self.height, "width": self.width, "seed": self.seed})
        return config
