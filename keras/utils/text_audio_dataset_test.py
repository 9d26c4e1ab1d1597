"""text_dataset_from_directory and audio_dataset_from_directory against the files
written in a temporary folder."""

import wave

import numpy as np
import pytest

from keras import utils


def write_wav(path, samples, rate=8000):
    """`samples`: int16 array of shape (length, channels)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as f:
        f.setnchannels(samples.shape[1])
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(samples.astype("<i2").tobytes())


@pytest.fixture
def texts(tmp_path):
    written = {}
    for label, name in enumerate(("neg", "pos")):
        for i in range(2):
            path = tmp_path / name / f"{i}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            content = f"{name} review number {i} " * (i + 1)
            path.write_text(content)
            written[content] = label
    (tmp_path / "pos" / "notes.md").write_text("ignored: not .txt")
    return tmp_path, written


def test_texts_and_labels(texts):
    root, written = texts
    dataset = utils.text_dataset_from_directory(
        root, batch_size=3, shuffle=False, verbose=False
    )
    assert dataset.class_names == ["neg", "pos"]
    got = {}
    for x, y in dataset.as_numpy_iterator():
        for text, label in zip(x, y):
            got[text.decode()] = int(label)
    assert got == written


def test_max_length_and_no_labels(texts):
    root, written = texts
    dataset = utils.text_dataset_from_directory(
        root, labels=None, max_length=5, batch_size=None, shuffle=False,
        verbose=False,
    )
    got = sorted(x.decode() for x in dataset.as_numpy_iterator())
    assert got == sorted(text[:5] for text in written)


def test_text_errors(tmp_path):
    (tmp_path / "a").mkdir()
    with pytest.raises(ValueError, match="No text files"):
        utils.text_dataset_from_directory(tmp_path, verbose=False)
    with pytest.raises(ValueError, match="max_length"):
        utils.text_dataset_from_directory(tmp_path, max_length=0)


@pytest.fixture
def clips(tmp_path):
    rng = np.random.default_rng(0)
    written = {}
    for label, name in enumerate(("no", "yes")):
        for i, length in enumerate((5, 9)):
            samples = rng.integers(-32768, 32767, size=(length, 1))
            write_wav(tmp_path / name / f"{i}.wav", samples)
            written[(label, length)] = samples / 32768.0
    return tmp_path, written


def test_audio_padded_batches(clips):
    root, written = clips
    dataset = utils.audio_dataset_from_directory(
        root, batch_size=4, shuffle=False, verbose=False
    )
    x, y = next(dataset.as_numpy_iterator())
    assert x.shape == (4, 9, 1) and x.dtype == np.float32
    for clip, label in zip(x, y):
        length = 9 if np.any(clip[5:]) else 5
        np.testing.assert_allclose(clip[:length], written[(int(label), length)],
                                   atol=1e-6)
        np.testing.assert_array_equal(clip[length:], 0.0)


def test_audio_output_length_ragged_and_rate(clips):
    root, written = clips
    fixed = utils.audio_dataset_from_directory(
        root, output_sequence_length=7, batch_size=4, shuffle=False, verbose=False
    )
    x, _ = next(fixed.as_numpy_iterator())
    assert x.shape == (4, 7, 1)
    ragged = utils.audio_dataset_from_directory(
        root, ragged=True, batch_size=4, shuffle=False, verbose=False
    )
    x, _ = next(iter(ragged))
    assert sorted(x.row_lengths().numpy().tolist()) == [5, 5, 9, 9]
    wrong_rate = utils.audio_dataset_from_directory(
        root, sampling_rate=16000, batch_size=4, verbose=False, seed=1
    )
    with pytest.raises(Exception, match="sampling rate"):
        next(iter(wrong_rate))


def test_audio_errors(tmp_path):
    # FileNotFoundError, as Keras 3.15.1 (from os.listdir there).
    with pytest.raises(FileNotFoundError, match="`directory`.*missing"):
        utils.audio_dataset_from_directory(tmp_path / "missing")
    with pytest.raises(ValueError, match="ragged"):
        utils.audio_dataset_from_directory(tmp_path, ragged=True,
                                           output_sequence_length=4)
    (tmp_path / "a").mkdir()
    with pytest.raises(ValueError, match="No audio files"):
        utils.audio_dataset_from_directory(tmp_path, verbose=False)
