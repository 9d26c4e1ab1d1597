"""keras.export.ExportArchive: endpoints, variable collections and their errors; each
artifact is reloaded with tf.saved_model.load and checked against the keras layers."""

import numpy as np
import pytest
import tensorflow as tf

import keras
from keras.export import testing


def _numpy(x):
    return keras.ops.convert_to_numpy(x)


def _assert_close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual), np.asarray(expected), rtol=1e-5, atol=1e-5)


def _mlp():
    ((model, _),) = testing.build_models(["mlp"]).values()
    return model


def _x(batch=7, width=8, seed=0):
    return np.random.default_rng(seed).normal(size=(batch, width)).astype("float32")


_SPEC = [keras.InputSpec(shape=(None, 8), dtype="float32")]


def test_namespace_is_lazy_and_public():
    assert "ExportArchive" in dir(keras.export)
    assert keras.export.ExportArchive.__module__ == "keras.export.export_archive"


def test_endpoints_and_serving_default(tmp_path):
    model = _mlp()
    archive = keras.export.ExportArchive()
    archive.track(model)
    archive.add_endpoint(
        "logits", lambda x: model(x, training=False), input_signature=_SPEC
    )
    archive.add_endpoint(
        "probabilities",
        lambda x: keras.ops.softmax(model(x, training=False)),
        input_signature=[tf.TensorSpec([None, 8], tf.float32)],
    )
    archive.write_out(tmp_path / "a", verbose=False)

    reloaded = tf.saved_model.load(str(tmp_path / "a"))
    x = _x()
    logits = _numpy(model(x))
    _assert_close(reloaded.logits(x), logits)
    _assert_close(reloaded.probabilities(x[:1]), _numpy(keras.ops.softmax(logits[:1])))
    # Without a "serve" endpoint the first one added is the serving signature.
    serving = reloaded.signatures["serving_default"]
    (name,) = serving.structured_input_signature[1]
    _assert_close(serving(**{name: tf.constant(x)})["output_0"], logits)
    assert len(reloaded.variables) == len(model.variables)
    assert len(reloaded.trainable_variables) == len(model.trainable_variables)


def test_serve_endpoint_is_the_serving_default_and_weights_are_read_at_write_out(tmp_path):
    model = _mlp()
    archive = keras.export.ExportArchive()
    archive.track(model)
    archive.add_endpoint("double", lambda x: 2.0 * model(x), input_signature=_SPEC)
    archive.add_endpoint("serve", lambda x: model(x), input_signature=_SPEC)
    # Weights changed after the endpoints were traced are the ones saved.
    kernel = model.layers[-1].kernel
    kernel.assign(kernel.numpy() + 1.0)
    archive.write_out(tmp_path / "a", verbose=False)

    reloaded = tf.saved_model.load(str(tmp_path / "a"))
    x = _x()
    expected = _numpy(model(x))
    _assert_close(reloaded.serve(x), expected)
    _assert_close(reloaded.double(x), 2.0 * expected)
    serving = reloaded.signatures["serving_default"]
    (name,) = serving.structured_input_signature[1]
    _assert_close(serving(**{name: tf.constant(x)})["output_0"], expected)


def test_track_and_add_endpoint_passes_call_arguments(tmp_path):
    keras.utils.set_random_seed(1)
    inputs = keras.Input((8,))
    model = keras.Model(inputs, keras.layers.Dropout(0.5)(keras.layers.Dense(4)(inputs)))
    archive = keras.export.ExportArchive()
    archive.track_and_add_endpoint("serve", model, _SPEC, training=False)
    archive.write_out(tmp_path / "a", verbose=False)
    reloaded = tf.saved_model.load(str(tmp_path / "a"))
    _assert_close(reloaded.serve(_x()), _numpy(model(_x(), training=False)))


def test_variable_collections_are_reachable_by_name(tmp_path):
    model = _mlp()
    archive = keras.export.ExportArchive()
    archive.track(model)
    archive.add_endpoint("serve", lambda x: model(x), input_signature=_SPEC)
    first = model.layers[1]
    archive.add_variable_collection("first_layer", [first.kernel, first.bias])
    archive.add_variable_collection("by_name", {"kernel": first.kernel})
    archive.write_out(tmp_path / "a", verbose=False)

    reloaded = tf.saved_model.load(str(tmp_path / "a"))
    assert len(reloaded.first_layer) == 2
    np.testing.assert_array_equal(reloaded.first_layer[0].numpy(), first.kernel.numpy())
    np.testing.assert_array_equal(reloaded.first_layer[1].numpy(), first.bias.numpy())
    np.testing.assert_array_equal(reloaded.by_name["kernel"].numpy(), first.kernel.numpy())
    assert isinstance(reloaded.first_layer[0], tf.Variable)


def test_tf_function_with_signature_needs_no_input_signature(tmp_path):
    model = _mlp()
    archive = keras.export.ExportArchive()
    archive.track(model)
    serve = tf.function(
        lambda x: model(x, training=False),
        input_signature=[tf.TensorSpec([None, 8], tf.float32)],
    )
    archive.add_endpoint("serve", serve)
    archive.write_out(tmp_path / "a", verbose=False)
    reloaded = tf.saved_model.load(str(tmp_path / "a"))
    _assert_close(reloaded.serve(_x(batch=3)), _numpy(model(_x(batch=3))))


def test_verbose_write_out_prints_each_endpoint(tmp_path, capsys):
    model = _mlp()
    archive = keras.export.ExportArchive()
    archive.track(model)
    archive.add_endpoint("serve", lambda x: model(x), input_signature=_SPEC)
    archive.add_endpoint("other", lambda x: model(x), input_signature=_SPEC)
    archive.write_out(tmp_path / "a")
    out = capsys.readouterr().out
    assert "* Endpoint 'serve'" in out and "* Endpoint 'other'" in out


def test_write_out_without_endpoint_raises(tmp_path):
    archive = keras.export.ExportArchive()
    archive.track(_mlp())
    with pytest.raises(ValueError, match="No endpoints have been set yet"):
        archive.write_out(tmp_path / "a")


def test_endpoint_without_signature_on_a_plain_function_raises():
    model = _mlp()
    archive = keras.export.ExportArchive()
    archive.track(model)
    with pytest.raises(ValueError, match="Pass `input_signature="):
        archive.add_endpoint("serve", lambda x: model(x))


def test_bad_input_signatures_raise():
    model = _mlp()
    archive = keras.export.ExportArchive()
    archive.track(model)
    with pytest.raises(ValueError, match="input_signature\\[0\\]"):
        archive.add_endpoint("serve", lambda x: model(x), input_signature=[object()])
    # A shape the model cannot take fails when the endpoint is added.
    mismatch = "expected shape=\\(None, 8\\), found shape=\\(None, 3\\)"
    with pytest.raises(ValueError, match=mismatch):
        archive.add_endpoint(
            "serve", lambda x: model(x), input_signature=[keras.InputSpec(shape=(None, 3))]
        )


def test_resource_errors():
    archive = keras.export.ExportArchive()
    with pytest.raises(ValueError, match="Expected a Keras `Layer` or `Model`"):
        archive.track(lambda x: x)
    with pytest.raises(ValueError, match="has not yet been built"):
        archive.track(keras.layers.Dense(2))


def test_name_and_collection_errors():
    model = _mlp()
    archive = keras.export.ExportArchive()
    archive.track(model)
    archive.add_endpoint("serve", lambda x: model(x), input_signature=_SPEC)
    with pytest.raises(ValueError, match="'serve' is already taken"):
        archive.add_endpoint("serve", lambda x: model(x), input_signature=_SPEC)
    with pytest.raises(ValueError, match="'variables' is already taken"):
        archive.add_variable_collection("variables", model.variables)
    with pytest.raises(ValueError, match="list, tuple or dict"):
        archive.add_variable_collection("v", model.variables[0])
    with pytest.raises(ValueError, match="must be a keras Variable"):
        archive.add_variable_collection("v", [np.zeros(2)])
    with pytest.raises(TypeError, match="unexpected keyword arguments \\['bogus'\\]"):
        archive.add_endpoint("f", lambda x: model(x), input_signature=_SPEC, bogus=1)


def test_untracked_variables_are_named():
    model = _mlp()
    other = keras.layers.Dense(2)
    other.build((None, 3))
    archive = keras.export.ExportArchive()
    archive.track(model)
    with pytest.raises(ValueError, match="does not track"):
        archive.add_endpoint(
            "serve", lambda x: other(model(x)), input_signature=_SPEC
        )
