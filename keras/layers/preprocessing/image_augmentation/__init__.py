"""Color and intensity image augmentation layers (brightness, contrast, hue, ...),
and the batch-mixing MixUp and CutMix.

Each layer lives in its own module and `keras.layers` loads it lazily by name, so this
package imports none of them by itself. They share `_base.AugmentationLayer`: value
ranges, a seed generator, and the pass-through of labels, boxes and masks (a color
change moves no pixel); MixUp and CutMix (`_mixing`) mix labels too.
"""
