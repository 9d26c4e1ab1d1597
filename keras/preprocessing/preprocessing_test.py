"""keras.preprocessing re-exports the data utilities of keras.utils."""

import keras
from keras import preprocessing
from keras import utils


def test_names_are_the_utils_objects():
    assert keras.preprocessing is preprocessing
    assert preprocessing.sequence.pad_sequences is utils.pad_sequences
    for name in ("array_to_img", "img_to_array", "load_img", "save_img"):
        assert getattr(preprocessing.image, name) is getattr(utils, name)
    assert callable(preprocessing.image.smart_resize)
    for name in (
        "image_dataset_from_directory",
        "text_dataset_from_directory",
        "timeseries_dataset_from_array",
    ):
        assert getattr(preprocessing, name) is getattr(utils, name)
