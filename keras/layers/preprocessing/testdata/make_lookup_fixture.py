"""Writes lookup_model.keras/.npz and lookup_tfidf.keras/.npz with Keras 3.15.1.

Run from outside this repository with a Keras 3.15.1 environment:

    cd /tmp && KERAS_BACKEND=jax python \
        <repo>/keras/layers/preprocessing/testdata/make_lookup_fixture.py <out dir>

The model: strings -> adapted TextVectorization (int, length 5) and an adapted
StringLookup (multi_hot); lookup_tfidf: the same two in tf_idf mode (idf weights in
model.weights.h5). Each npz holds the inputs and Keras 3.15.1's outputs.
"""

import os
import sys

import keras
import numpy as np

CORPUS = ["The cat sat.", "the dog ran!", "A cat ran fast", "b b, b", "dog dog cat"]
INPUTS = np.array(["the cat ran", "zebra dog", "b a fast fast", ""])


def main(out_dir):
    vectorize = keras.layers.TextVectorization(max_tokens=12, output_sequence_length=5)
    vectorize.adapt(CORPUS)
    lookup = keras.layers.StringLookup(output_mode="multi_hot")
    lookup.adapt(np.array([["c", "b"], ["a", "b"], ["z", "z"]]))
    text = keras.Input(shape=(), dtype="string", name="text")
    words = keras.Input(shape=(2,), dtype="string", name="words")
    model = keras.Model([text, words], [vectorize(text), lookup(words)])
    words_in = np.array([["a", "z"], ["q", "c"], ["b", "b"], ["z", "q"]])
    # Keras 3.15.1 on JAX cannot feed strings through a Functional model: call the
    # layers themselves for the expected outputs.
    ids, hot = vectorize(INPUTS), lookup(words_in)
    model.save(os.path.join(out_dir, "lookup_model.keras"))
    np.savez(
        os.path.join(out_dir, "lookup_model.npz"),
        text=INPUTS,
        words=words_in,
        ids=np.asarray(ids),
        hot=np.asarray(hot),
    )

    main_tf_idf(out_dir)


def main_tf_idf(out_dir):
    vectorize = keras.layers.TextVectorization(output_mode="tf_idf")
    vectorize.adapt(["the cat sat", "the dog", "a cat cat"])
    lookup = keras.layers.StringLookup(output_mode="tf_idf", mask_token="")
    lookup.adapt(np.array([["a", "b"], ["a", "c"], ["", ""]]))
    text = keras.Input(shape=(), dtype="string", name="text")
    words = keras.Input(shape=(2,), dtype="string", name="words")
    model = keras.Model([text, words], [vectorize(text), lookup(words)])
    text_in = np.array(["the cat zebra", "dog dog"])
    words_in = np.array([["a", "q"], ["c", ""]])
    model.save(os.path.join(out_dir, "lookup_tfidf.keras"))
    np.savez(
        os.path.join(out_dir, "lookup_tfidf.npz"),
        text=text_in,
        words=words_in,
        ids=np.asarray(vectorize(text_in)),
        hot=np.asarray(lookup(words_in)),
    )


if __name__ == "__main__":
    main(sys.argv[1])
