"""The workloads of `compare_keras3.py`, run once in a fresh process under either keras.

    KERAS_BACKEND=jax python bench/compare_keras3_workloads.py --side ours [--quick]

Only the public Keras 3 API is used, so the same code runs under this repository's keras
and under the PyPI `keras==3.15.1`. `compare_keras3.py` starts this file with the right
interpreter, `sys.path` and working directory for each side; run by hand it measures
whichever `keras` the interpreter imports. Prints one JSON object on the last line of
stdout: `{"meta": {...}, "results": {workload: seconds or {"error": message}}}`.

Nothing but the standard library is imported before `import keras`, so the first figure
is the cost of `import keras` in a fresh interpreter (numpy and the engine included when
keras imports them then). Our keras loads its engine on first use, Keras 3 at import,
hence the second figure: the import plus one `keras.ops.add` on 8x8 inputs.
"""

import argparse
import json
import os
import sys
import tempfile
import time
import timeit

# bench/kernels.py must not stand in for the `kernels` package our keras imports (its
# fused kernels): this script's directory leaves the path.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

# Workloads that need a trainer; Keras 3's numpy and openvino backends only infer.
TRAINING = (
    "fit tiny MLP (per step)",
    "fit tiny MLP (first epoch)",
    "fit MLP 784-512-512-10 (per step)",
    "fit MLP 784-512-512-10 (first epoch)",
    "fit CNN 28x28x1 conv32-pool-conv64-pool-dense10 (per step)",
    "Transformer block fit step (emb 2000x128, seq 128, MHA 4x32, FFN 512, batch 32)",
    "LSTM text classifier fit step (emb 2000x64, seq 100, LSTM 128, batch 64)",
)
# The same LSTM classifier as a hand-written torch.nn training loop (torch only; it runs
# no keras, so both sides measure the same program: a baseline row).
TORCH_LSTM_LOOP = "torch.nn.LSTM loop: LSTM text classifier step (seq 100, batch 64)"
NO_TRAINING_BACKENDS = ("numpy", "openvino")

# op name -> statement on the 8x8 float32 tensors `a`, `b` and the positive `p`.
OPS = {
    "add": "ops.add(a, b)",
    "subtract": "ops.subtract(a, b)",
    "multiply": "ops.multiply(a, b)",
    "divide": "ops.divide(a, p)",
    "maximum": "ops.maximum(a, b)",
    "matmul": "ops.matmul(a, b)",
    "relu": "ops.relu(a)",
    "sigmoid": "ops.sigmoid(a)",
    "softmax": "ops.softmax(a)",
    "exp": "ops.exp(a)",
    "sqrt": "ops.sqrt(p)",
    "tanh": "ops.tanh(a)",
    "abs": "ops.abs(a)",
    "sum": "ops.sum(a)",
    "mean": "ops.mean(a)",
    "max(axis=-1)": "ops.max(a, axis=-1)",
    "reshape": "ops.reshape(a, (4, 16))",
    "transpose": "ops.transpose(a)",
    "concatenate": "ops.concatenate([a, b], axis=0)",
}

# Sizes per profile. `quick` keeps every workload but times fewer steps and repeats.
PROFILES = {
    "full": {
        "op_target_s": 0.02,
        "op_repeats": 5,
        "tiny_samples": 4096,
        "tiny_epochs": 3,
        "mlp_samples": 2048,
        "mlp_epochs": 2,
        "call_repeats": 5,
        "predict_repeats": 3,
        "save_repeats": 3,
        "attention_repeats": 3,
        "cnn_samples": 1024,
        "cnn_epochs": 2,
        "norm_repeats": 5,
        "sequence_batches": 8,
        "sequence_epochs": 2,
        "image_files": 2048,
        "image_passes": 3,
        "text_strings": 100_000,
        "text_repeats": 2,
    },
    "quick": {
        "op_target_s": 0.005,
        "op_repeats": 3,
        "tiny_samples": 2048,
        "tiny_epochs": 1,
        "mlp_samples": 1024,
        "mlp_epochs": 1,
        "call_repeats": 3,
        "predict_repeats": 2,
        "save_repeats": 2,
        "attention_repeats": 2,
        "cnn_samples": 512,
        "cnn_epochs": 1,
        "norm_repeats": 3,
        "sequence_batches": 4,
        "sequence_epochs": 1,
        "image_files": 512,
        "image_passes": 2,
        "text_strings": 20_000,
        "text_repeats": 2,
    },
}


def best_per_call(statement, namespace, target_s, repeats):
    """Best seconds per execution of `statement` over `repeats` loops of ~`target_s`."""
    timer = timeit.Timer(statement, globals=namespace)
    number = 1
    while True:
        elapsed = timer.timeit(number)
        if elapsed >= target_s or number >= 1 << 20:
            break
        number *= 2 if elapsed <= 0 else max(2, min(10, int(target_s / elapsed) + 1))
    return min(timer.repeat(repeat=repeats, number=number)) / number


def sync_suffix(backend):
    """Makes a timed statement wait for its result: JAX dispatches asynchronously."""
    return ".block_until_ready()" if backend == "jax" else ""


def time_ops(keras, np, backend, profile):
    """Seconds per eager `keras.ops` call on 8x8 float32 tensors, per op."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((8, 8)).astype("float32")
    b = rng.standard_normal((8, 8)).astype("float32")
    namespace = {
        "ops": keras.ops,
        "a": keras.ops.convert_to_tensor(a),
        "b": keras.ops.convert_to_tensor(b),
        "p": keras.ops.convert_to_tensor(np.abs(a) + 0.5),
    }
    results = {}
    for name, statement in OPS.items():
        statement += sync_suffix(backend)
        try:
            exec(statement, namespace)  # warm-up: JAX compiles and caches on first use
            seconds = best_per_call(
                statement, namespace, profile["op_target_s"], profile["op_repeats"]
            )
        except Exception as error:  # a gap on one side is reported, not fatal
            results[f"op {name}"] = error_entry(error)
            continue
        results[f"op {name}"] = seconds
    return results


def mlp(keras, sizes):
    """`Sequential`: Input(sizes[0]) -> Dense relu ... -> Dense(sizes[-1]) logits."""
    layers = [keras.Input((sizes[0],))]
    layers += [keras.layers.Dense(units, activation="relu") for units in sizes[1:-1]]
    layers.append(keras.layers.Dense(sizes[-1]))
    return keras.Sequential(layers)


def fixed_weights(np, model, seed):
    """Same initial weights on both sides (the initializers' streams differ)."""
    rng = np.random.default_rng(seed)
    return [
        (rng.standard_normal(w.shape) * 0.05).astype("float32")
        for w in model.get_weights()
    ]


def classification_data(np, samples, features, classes, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((samples, features)).astype("float32")
    y = rng.integers(0, classes, size=(samples,)).astype("int32")
    return x, y


def error_entry(error):
    """A workload's failure as it appears in the results."""
    return {"error": f"{type(error).__name__}: {error}"[:300]}


def new_mlp(keras, np, sizes):
    """An MLP with the same fixed initial weights on both sides."""
    model = mlp(keras, sizes)
    model.set_weights(fixed_weights(np, model, seed=2))
    return model


def time_fit(keras, np, model, sizes, optimizer, batch, samples, epochs):
    """(seconds per `fit` training step after one warm-up epoch, seconds of that first
    epoch: building, tracing and compiling included)."""
    x, y = classification_data(np, samples, sizes[0], sizes[-1], seed=1)
    model.compile(
        optimizer=optimizer,
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    start = time.perf_counter()
    model.fit(x, y, batch_size=batch, epochs=1, shuffle=False, verbose=0)
    first_epoch = time.perf_counter() - start
    start = time.perf_counter()
    model.fit(x, y, batch_size=batch, epochs=epochs, shuffle=False, verbose=0)
    elapsed = time.perf_counter() - start
    return elapsed / (epochs * (samples // batch)), first_epoch


def time_attention(keras, np, backend, profile):
    """Seconds per eager `ops.dot_product_attention` on (4, 1024, 8, 64) float32 query,
    key and value (self-attention without mask: 4 * B * T * S * N * H = 8.6 GFLOP)."""
    rng = np.random.default_rng(5)
    shape = (4, 1024, 8, 64)
    q, k, v = (
        keras.ops.convert_to_tensor(rng.standard_normal(shape).astype("float32"))
        for _ in range(3)
    )
    namespace = {"ops": keras.ops, "q": q, "k": k, "v": v}
    statement = "ops.dot_product_attention(q, k, v)" + sync_suffix(backend)
    exec(statement, namespace)  # warm-up (compiles on JAX)
    return best_per_call(statement, namespace, 0.3, profile["attention_repeats"])


def time_cnn_fit(keras, np, profile):
    """Seconds per `fit` step of a small CNN on 28x28x1 images (Conv2D 32 3x3 relu,
    MaxPooling2D, Conv2D 64 3x3 relu, MaxPooling2D, Flatten, Dense 10), batch 64, Adam,
    after one warm-up epoch; the same fixed initial weights on both sides."""
    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu"),
            layers.MaxPooling2D(),
            layers.Conv2D(64, 3, activation="relu"),
            layers.MaxPooling2D(),
            layers.Flatten(),
            layers.Dense(10),
        ]
    )
    model.set_weights(fixed_weights(np, model, seed=6))
    rng = np.random.default_rng(7)
    samples = profile["cnn_samples"]
    x = rng.standard_normal((samples, 28, 28, 1)).astype("float32")
    y = rng.integers(0, 10, samples).astype("int32")
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    model.fit(x, y, batch_size=64, epochs=1, shuffle=False, verbose=0)
    epochs = profile["cnn_epochs"]
    start = time.perf_counter()
    model.fit(x, y, batch_size=64, epochs=epochs, shuffle=False, verbose=0)
    return (time.perf_counter() - start) / (epochs * (samples // 64))


def time_sequence_fit(keras, model, x, y, batch, profile):
    """Seconds per `fit` step (Adam, sparse cross-entropy from logits) after one
    warm-up epoch, on `profile["sequence_batches"]` batches of `batch`."""
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    model.fit(x, y, batch_size=batch, epochs=1, shuffle=False, verbose=0)
    epochs = profile["sequence_epochs"]
    start = time.perf_counter()
    model.fit(x, y, batch_size=batch, epochs=epochs, shuffle=False, verbose=0)
    return (time.perf_counter() - start) / (epochs * (len(x) // batch))


def token_data(np, samples, steps, vocabulary, classes, seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(1, vocabulary, (samples, steps)).astype("int32")
    y = rng.integers(0, classes, samples).astype("int32")
    return x, y


def time_transformer_fit(keras, np, profile):
    """Seconds per `fit` step of one Transformer encoder block on token ids: Embedding
    2000x128, MultiHeadAttention (4 heads, key_dim 32) self-attention, residual and
    LayerNormalization, FFN Dense 512 relu -> Dense 128, residual and
    LayerNormalization, GlobalAveragePooling1D, Dense 2; sequences of 128, batch 32,
    Adam; the same fixed initial weights on both sides."""
    layers = keras.layers
    tokens = keras.Input((128,), dtype="int32")
    x = layers.Embedding(2000, 128)(tokens)
    attended = layers.MultiHeadAttention(num_heads=4, key_dim=32)(x, x)
    x = layers.LayerNormalization()(layers.Add()([x, attended]))
    hidden = layers.Dense(512, activation="relu")(x)
    x = layers.LayerNormalization()(layers.Add()([x, layers.Dense(128)(hidden)]))
    x = layers.GlobalAveragePooling1D()(x)
    model = keras.Model(tokens, layers.Dense(2)(x))
    model.set_weights(fixed_weights(np, model, seed=9))
    batch = 32
    x, y = token_data(np, batch * profile["sequence_batches"], 128, 2000, 2, seed=10)
    return time_sequence_fit(keras, model, x, y, batch, profile)


def time_lstm_fit(keras, np, profile):
    """Seconds per `fit` step of a text classifier: Embedding 2000x64, LSTM(128) (its
    last output), Dense 2; sequences of 100, batch 64, Adam; the same fixed initial
    weights on both sides."""
    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input((100,), dtype="int32"),
            layers.Embedding(2000, 64),
            layers.LSTM(128),
            layers.Dense(2),
        ]
    )
    model.set_weights(fixed_weights(np, model, seed=11))
    batch = 64
    x, y = token_data(np, batch * profile["sequence_batches"], 100, 2000, 2, seed=12)
    return time_sequence_fit(keras, model, x, y, batch, profile)


def time_torch_lstm_loop(np, profile):
    """Seconds per step of the LSTM classifier of `time_lstm_fit` written in torch.nn
    (nn.Embedding, nn.LSTM batch_first, nn.Linear on the last hidden state) with
    torch.optim.Adam and F.cross_entropy, eager, after one warm-up pass over the
    data."""
    import torch

    class Classifier(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = torch.nn.Embedding(2000, 64)
            self.lstm = torch.nn.LSTM(64, 128, batch_first=True)
            self.head = torch.nn.Linear(128, 2)

        def forward(self, tokens):
            _, (h, _) = self.lstm(self.embedding(tokens))
            return self.head(h[0])

    torch.manual_seed(0)
    model = Classifier()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    batch = 64
    x, y = token_data(np, batch * profile["sequence_batches"], 100, 2000, 2, seed=12)
    x, y = torch.from_numpy(x).long(), torch.from_numpy(y).long()
    batches = [(x[i : i + batch], y[i : i + batch]) for i in range(0, len(x), batch)]

    def epoch():
        for tokens, labels in batches:
            optimizer.zero_grad(set_to_none=True)
            loss = torch.nn.functional.cross_entropy(model(tokens), labels)
            loss.backward()
            optimizer.step()

    epoch()
    epochs = profile["sequence_epochs"]
    start = time.perf_counter()
    for _ in range(epochs):
        epoch()
    return (time.perf_counter() - start) / (epochs * len(batches))


def time_layer_normalization(keras, np, backend, profile):
    """Seconds per eager `LayerNormalization()(x)` on a (4096, 1024) float32 tensor
    (it reads and writes 16 MiB each: GB/s = 33.5e6 / seconds / 1e9)."""
    x = keras.ops.convert_to_tensor(
        np.random.default_rng(8).standard_normal((4096, 1024)).astype("float32")
    )
    layer = keras.layers.LayerNormalization()
    namespace = {"layer": layer, "x": x}
    statement = "layer(x)" + sync_suffix(backend)
    exec(statement, namespace)  # builds the layer (and compiles on JAX)
    return best_per_call(statement, namespace, 0.2, profile["norm_repeats"])


# Workloads of the input pipeline (issue 17). Names carry the unit they report.
IMAGE_PIPELINE = (
    "image_dataset_from_directory 64x64 + Rescaling/RandomFlip/RandomRotation "
    "(per 1000 images)"
)
IMAGE_LOAD = "image_dataset_from_directory 64x64, no augmentation (per 1000 images)"
TEXT_ADAPT = "TextVectorization adapt (max_tokens 20000, seq 16, per 100k strings)"
TEXT_CALL = "TextVectorization call, one batch (per 100k strings)"
TEXT_MAP = "TextVectorization in tf.data map, batch 1024 (per 100k strings)"


def write_image_folder(np, folder, count):
    """`count` PNG files of random 72x96 RGB noise in two class sub-folders, written
    with `tf.io.encode_png` (TensorFlow is in both environments; Pillow may not be).
    Not timed. 72x96 so that the load resizes (and changes the aspect ratio)."""
    import tensorflow as tf

    rng = np.random.default_rng(13)
    for index in range(count):
        class_folder = os.path.join(folder, f"class_{index % 2}")
        os.makedirs(class_folder, exist_ok=True)
        pixels = rng.integers(0, 256, (72, 96, 3), dtype=np.uint8)
        png = tf.io.encode_png(pixels).numpy()
        with open(os.path.join(class_folder, f"image_{index:05d}.png"), "wb") as f:
            f.write(png)


def time_image_pipeline(keras, np, profile):
    """Seconds per 1000 images of one full pass over
    `image_dataset_from_directory(folder, image_size=(64, 64), batch_size=32)`,
    with and without a map through Rescaling(1/255), RandomFlip and
    RandomRotation(0.1) (`training=True`), iterated to the end; the dataset is
    built inside the timing (listing the files included). Best of
    `profile["image_passes"]` passes, each on a fresh dataset. Images/s =
    1000 / seconds."""
    layers = keras.layers
    count = profile["image_files"]
    rescale = layers.Rescaling(1.0 / 255)
    flip = layers.RandomFlip("horizontal_and_vertical", seed=1)
    rotate = layers.RandomRotation(0.1, seed=2)

    def augment(images, labels):
        images = rescale(images)
        images = flip(images, training=True)
        return rotate(images, training=True), labels

    def one_pass(folder, augmented):
        start = time.perf_counter()
        dataset = keras.utils.image_dataset_from_directory(
            folder, image_size=(64, 64), batch_size=32, seed=3, verbose=False
        )
        if augmented:
            dataset = dataset.map(augment)
        seen = 0
        for images, _ in dataset:
            seen += int(images.shape[0])
        elapsed = time.perf_counter() - start
        if seen != count:
            raise RuntimeError(f"the pass yielded {seen} images, expected {count}")
        return elapsed * 1000 / count

    with tempfile.TemporaryDirectory() as folder:
        write_image_folder(np, folder, count)
        passes = profile["image_passes"]
        augmented = min(one_pass(folder, True) for _ in range(passes))
        plain = min(one_pass(folder, False) for _ in range(passes))
    return augmented, plain


def short_strings(np, count):
    """`count` strings of 3-12 words drawn (Zipf-like, rank ** -1.1) from a fixed
    list of 32768 three-syllable words; first word capitalised, a final '.', '!'
    or '?', so that standardization has work."""
    syllables = [
        "ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "pa", "de", "fu", "go",
        "ha", "ji", "ko", "la", "ma", "no", "pe", "qui", "ro", "su", "te", "u",
        "va", "we", "xi", "yo", "za", "bri", "cla", "dro",
    ]
    words = [a + b + c for a in syllables for b in syllables for c in syllables]
    rng = np.random.default_rng(14)
    order = rng.permutation(len(words))
    weights = 1.0 / np.arange(1, len(words) + 1) ** 1.1
    weights /= weights.sum()
    lengths = rng.integers(3, 13, count)
    picks = rng.choice(len(words), size=int(lengths.sum()), p=weights)
    endings = rng.choice([".", "!", "?"], count)
    strings, at = [], 0
    for length, ending in zip(lengths, endings):
        tokens = [words[order[i]] for i in picks[at : at + length]]
        at += length
        tokens[0] = tokens[0].capitalize()
        strings.append(" ".join(tokens) + ending)
    return np.array(strings)


def time_text_vectorization(keras, np, profile):
    """Seconds, scaled to 100k strings, of `TextVectorization(max_tokens=20000,
    output_sequence_length=16)`: `adapt` on `profile["text_strings"]` short strings
    (a NumPy array of str), one call on all of them, and a pass over them as a
    `tf.data` map on batches of 1024 (tensors left in TensorFlow). Best of
    `profile["text_repeats"]`; the call and the map after a warm-up call."""
    import tensorflow as tf

    strings = short_strings(np, profile["text_strings"])
    scale = 100_000 / len(strings)
    # Warm-up: Keras 3 imports TensorFlow with keras, ours on the first string layer.
    keras.layers.TextVectorization().adapt(strings[:8])
    adapt_times = []
    for _ in range(profile["text_repeats"]):
        layer = keras.layers.TextVectorization(
            max_tokens=20000, output_sequence_length=16
        )
        start = time.perf_counter()
        layer.adapt(strings)
        adapt_times.append(time.perf_counter() - start)
    # Padding and OOV, then the distinct standardized words, at most 20000 in all.
    distinct = {w.strip(".!?").lower() for text in strings for w in text.split()}
    expected = min(20000, len(distinct) + 2)
    if layer.vocabulary_size() != expected:
        raise RuntimeError(
            f"vocabulary of {layer.vocabulary_size()}, expected {expected}"
        )
    layer(strings[:8])  # warm-up
    call_times = []
    for _ in range(profile["text_repeats"]):
        start = time.perf_counter()
        ids = keras.ops.convert_to_numpy(layer(strings))
        call_times.append(time.perf_counter() - start)
    if ids.shape != (len(strings), 16):
        raise RuntimeError(f"call gave shape {ids.shape}, expected (rows, 16)")
    dataset = tf.data.Dataset.from_tensor_slices(strings).batch(1024).map(layer)
    for _ in dataset.take(1):  # warm-up: traces the map function
        pass
    map_times = []
    for _ in range(profile["text_repeats"]):
        start = time.perf_counter()
        rows = sum(int(batch.shape[0]) for batch in dataset)
        map_times.append(time.perf_counter() - start)
    if rows != len(strings):
        raise RuntimeError(f"the map yielded {rows} rows, expected {len(strings)}")
    return tuple(min(times) * scale for times in (adapt_times, call_times, map_times))


def time_call(keras, np, model, backend, profile):
    """Seconds per `model(x)` on one sample (a backend tensor)."""
    rng = np.random.default_rng(3)
    one = rng.standard_normal((1, 784)).astype("float32")
    namespace = {"model": model, "x": keras.ops.convert_to_tensor(one)}
    statement = "model(x)" + sync_suffix(backend)
    exec(statement, namespace)
    return best_per_call(statement, namespace, 0.05, profile["call_repeats"])


def time_predict(np, model, profile):
    """Seconds per `predict` of 4096 NumPy rows with batch 256, after a warm-up."""
    rows = np.random.default_rng(4).standard_normal((4096, 784)).astype("float32")
    model.predict(rows, batch_size=256, verbose=0)  # builds predict_function
    times = []
    for _ in range(profile["predict_repeats"]):
        start = time.perf_counter()
        model.predict(rows, batch_size=256, verbose=0)
        times.append(time.perf_counter() - start)
    return min(times)


def time_save_load(keras, model, profile):
    """Best seconds of `model.save(...keras)` and of `keras.models.load_model`."""
    save_times, load_times = [], []
    with tempfile.TemporaryDirectory() as folder:
        for index in range(profile["save_repeats"]):
            path = os.path.join(folder, f"model_{index}.keras")
            start = time.perf_counter()
            model.save(path)
            middle = time.perf_counter()
            keras.models.load_model(path)
            save_times.append(middle - start)
            load_times.append(time.perf_counter() - middle)
    return min(save_times), min(load_times)


def time_model_workloads(keras, np, backend, profile, only=None):
    """fit steps, `model(x)` latency, `predict` and `.keras` save/load, in seconds.

    A failing workload is recorded as an error and the others still run.
    """
    results = {}

    def measure(names, function):
        if not selected(names, only):
            return
        try:
            values = function()
        except Exception as error:  # a gap on one side is reported, not fatal
            results.update({name: error_entry(error) for name in names})
            return
        values = values if isinstance(values, tuple) else (values,)
        results.update(zip(names, values))

    # The 784-512-512-10 MLP is trained with Adam where the backend can train, so
    # the saved archive holds optimizer state too.
    sizes = (784, 512, 512, 10)
    model = new_mlp(keras, np, sizes)
    if backend not in NO_TRAINING_BACKENDS:
        measure(
            TRAINING[:2],
            lambda: time_fit(
                keras,
                np,
                new_mlp(keras, np, (32, 64, 64, 10)),
                (32, 64, 64, 10),
                keras.optimizers.SGD(0.01),
                batch=32,
                samples=profile["tiny_samples"],
                epochs=profile["tiny_epochs"],
            ),
        )
        measure(
            TRAINING[2:4],
            lambda: time_fit(
                keras,
                np,
                model,
                sizes,
                keras.optimizers.Adam(1e-3),
                batch=128,
                samples=profile["mlp_samples"],
                epochs=profile["mlp_epochs"],
            ),
        )
        measure(TRAINING[4:5], lambda: time_cnn_fit(keras, np, profile))
        measure(TRAINING[5:6], lambda: time_transformer_fit(keras, np, profile))
        measure(TRAINING[6:7], lambda: time_lstm_fit(keras, np, profile))
    if backend == "torch":
        measure((TORCH_LSTM_LOOP,), lambda: time_torch_lstm_loop(np, profile))
    measure(
        ("LayerNormalization 4096x1024 (per call)",),
        lambda: time_layer_normalization(keras, np, backend, profile),
    )
    measure(
        ("dot_product_attention 4x1024x8x64 (per call)",),
        lambda: time_attention(keras, np, backend, profile),
    )
    measure(
        ("model(x), 1 sample",), lambda: time_call(keras, np, model, backend, profile)
    )
    measure(("predict 4096 rows, batch 256",), lambda: time_predict(np, model, profile))
    measure(
        ("save .keras (MLP 784-512-512-10)", "load_model .keras"),
        lambda: time_save_load(keras, model, profile),
    )
    measure(
        (IMAGE_PIPELINE, IMAGE_LOAD), lambda: time_image_pipeline(keras, np, profile)
    )
    measure(
        (TEXT_ADAPT, TEXT_CALL, TEXT_MAP),
        lambda: time_text_vectorization(keras, np, profile),
    )
    return results


def selected(names, only):
    """Whether any of `names` contains one of the `--only` substrings (None: all)."""
    return only is None or any(part in name for name in names for part in only)


def engine_version(backend):
    """The engine's version string (imported after all timings)."""
    module = {"tensorflow": "tensorflow", "torch": "torch", "jax": "jax"}.get(
        backend, backend
    )
    try:
        return __import__(module).__version__
    except Exception as error:
        return f"unknown ({type(error).__name__})"


def main():
    start = time.perf_counter()
    import keras

    imported = time.perf_counter()
    import numpy as np

    first = keras.ops.add(np.ones((8, 8), "float32"), np.ones((8, 8), "float32"))
    keras.ops.convert_to_numpy(first)
    first_op = time.perf_counter()

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", required=True, choices=("ours", "keras3"))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--only", help="comma-separated substrings: run only the workloads they name"
    )
    args = parser.parse_args()
    only = args.only.split(",") if args.only else None
    backend = keras.backend.backend()
    profile = PROFILES["quick" if args.quick else "full"]
    meta = {
        "side": args.side,
        "keras_file": keras.__file__,
        "keras_version": keras.__version__,
        "backend": backend,
        "python": sys.version.split()[0],
        "numpy": np.__version__,
    }
    results = {
        "import keras": imported - start,
        "import keras + first op": first_op - start,
    }
    if selected([f"op {name}" for name in OPS], only):
        results.update(time_ops(keras, np, backend, profile))
    results.update(time_model_workloads(keras, np, backend, profile, only))
    meta["engine_version"] = engine_version(backend)
    print(json.dumps({"meta": meta, "results": results}))


if __name__ == "__main__":
    main()
