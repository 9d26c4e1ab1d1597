"""Run by the *real* Keras 3.15.1 (from a folder outside this repository, so that
`import keras` is Keras 3): writes keras3_architectures.json, the record that
architecture_testing.py compares our builders with.

    KERAS_BACKEND=tensorflow ~/.cache/keras3-bench-venv/bin/python \
        write_keras3_architectures.py keras3_architectures.json

Per builder and variant ("top": default arguments; "notop_avg": include_top=False,
pooling="avg"), all with weights=None in a fresh session: [count_params, layer
names, weight shapes (layer by layer), model name, output shape].
"""

import json
import sys

import keras

BUILDERS = [
    "ResNet50", "ResNet101", "ResNet152", "ResNet50V2", "ResNet101V2", "ResNet152V2",
    "VGG16", "VGG19", "Xception", "InceptionV3", "InceptionResNetV2",
    "DenseNet121", "DenseNet169", "DenseNet201",
]

record = {}
for builder in BUILDERS:
    for include_top, pooling in ((True, None), (False, "avg")):
        keras.backend.clear_session()
        model = getattr(keras.applications, builder)(
            include_top=include_top, weights=None, pooling=pooling
        )
        record[f"{builder}:{'top' if include_top else 'notop_avg'}"] = [
            int(model.count_params()),
            [layer.name for layer in model.layers],
            [list(w.shape) for layer in model.layers for w in layer.weights],
            model.name,
            list(model.output.shape),
        ]
with open(sys.argv[1], "w") as f:
    json.dump(record, f, separators=(",", ":"))
