"""Geometric image preprocessing layers: rescale, resize, crop, flip, rotate,
translate, zoom, shear, perspective and elastic warps, and box-count padding.

Each layer lives in its own module (`keras.layers` loads it lazily by name); the
bounding-box math they share is the `bounding_boxes` subpackage, published as
`keras.utils.bounding_boxes`. No module here imports its siblings eagerly.
"""
