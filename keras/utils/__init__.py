"""Public namespace `keras.utils`.

Lazy: a helper's module is imported on first use of its name.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> the module defining it.
_EXPORTS = {
    "Progbar": ".progbar",
    "PyDataset": ".py_dataset",
    "Sequence": ".py_dataset",
    "pack_x_y_sample_weight": ".data_utils",
    "set_random_seed": ".rng_utils",
    "unpack_x_y_sample_weight": ".data_utils",
    # Data utilities (issue 17). The dataset builders import TensorFlow on use.
    "Config": ".config",
    "pad_sequences": ".sequence_utils",
    "normalize": ".numerical_utils",
    "to_categorical": ".numerical_utils",
    "array_to_img": ".image_utils",
    "img_to_array": ".image_utils",
    "load_img": ".image_utils",
    "save_img": ".image_utils",
    "get_file": ".file_utils",
    "audio_dataset_from_directory": ".audio_dataset_utils",
    "image_dataset_from_directory": ".image_dataset_utils",
    "split_dataset": ".dataset_utils",
    "text_dataset_from_directory": ".text_dataset_utils",
    "timeseries_dataset_from_array": ".timeseries_dataset_utils",
    "disable_interactive_logging": ".io_utils",
    "enable_interactive_logging": ".io_utils",
    "is_interactive_logging_enabled": ".io_utils",
    "get_source_inputs": ".source_inputs",
    "is_keras_tensor": "keras.backends.common.keras_tensor",
    "standardize_dtype": "keras.backends.common.dtypes",
    "clear_session": "keras.backend",
    # The serialization registry, also public under keras.saving.
    "CustomObjectScope": "keras.saving.object_registration",
    "custom_object_scope": "keras.saving.object_registration",
    "get_custom_objects": "keras.saving.object_registration",
    "get_registered_name": "keras.saving.object_registration",
    "get_registered_object": "keras.saving.object_registration",
    "register_keras_serializable": "keras.saving.object_registration",
    "deserialize_keras_object": "keras.saving.serialization_lib",
    "serialize_keras_object": "keras.saving.serialization_lib",
    # Structured-data preprocessing built on the preprocessing layers (issue 17).
    "FeatureSpace": "keras.layers.preprocessing.feature_space",
    # Graphviz drawings of a model (pydot on use; Graphviz's `dot` to render).
    "model_to_dot": ".model_visualization",
    "plot_model": ".model_visualization",
}


# keras.utils.legacy: the Keras 2 config format (issue 17); keras.utils.bounding_boxes:
# names the box functions, which live with the image preprocessing layers (above ops).
__getattr__, __dir__ = lazy_namespace(
    __name__, _EXPORTS, submodules=("legacy", "bounding_boxes")
)
