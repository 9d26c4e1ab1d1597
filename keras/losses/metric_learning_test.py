"""Circle loss against a NumPy reference computed anchor by anchor."""

import numpy as np
import pytest

from keras import losses
from keras.ops import testing


def logsumexp(x):
    top = np.max(x)
    return top + np.log(np.sum(np.exp(x - top)))


def ref_circle(
    labels,
    embeddings,
    ref_labels=None,
    ref_embeddings=None,
    remove_diagonal=True,
    gamma=80.0,
    margin=0.4,
):
    ref_labels = labels if ref_labels is None else ref_labels
    ref_embeddings = embeddings if ref_embeddings is None else ref_embeddings
    result = []
    for i, (label, anchor) in enumerate(zip(labels, embeddings)):
        d = np.maximum(1 - ref_embeddings @ anchor, 0)
        positive = ref_labels == label
        negative = ~positive
        if remove_diagonal and i < len(ref_labels):
            positive[i] = False
        if not positive.any() or not negative.any():
            result.append(0.0)
            continue
        dp, dn = d[positive], d[negative]
        lp = -gamma * np.maximum(margin + dp, 0) * (margin - dp)
        ln = gamma * np.maximum(1 + margin - dn, 0) * (1 - margin - dn)
        result.append(np.logaddexp(0, logsumexp(lp) + logsumexp(ln)))
    return np.array(result)


def unit_vectors(shape, seed):
    x = testing.random_array(shape, seed=seed).astype("float64")
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype("float32")


LABELS = np.array([0, 1, 0, 2, 1, 3, 0, 2], "int32")


@pytest.mark.parametrize("gamma, margin", [(80.0, 0.4), (16.0, 0.25), (1.0, 0.0)])
@pytest.mark.parametrize("remove_diagonal", [True, False])
def test_circle_matches_numpy(gamma, margin, remove_diagonal):
    embeddings = unit_vectors((8, 5), seed=1)
    expected = ref_circle(
        LABELS,
        embeddings.astype("float64"),
        remove_diagonal=remove_diagonal,
        gamma=gamma,
        margin=margin,
    )
    result = losses.circle(
        LABELS, embeddings, remove_diagonal=remove_diagonal, gamma=gamma, margin=margin
    )
    testing.assert_close(result, expected.astype("float32"), rtol=1e-4, atol=1e-4)


def test_circle_with_reference_embeddings():
    embeddings = unit_vectors((4, 6), seed=2)
    references = unit_vectors((7, 6), seed=3)
    labels = np.array([0, 1, 2, 5], "int32")
    ref_labels = np.array([1, 0, 0, 2, 1, 3, 2], "int32")
    expected = ref_circle(
        labels,
        embeddings.astype("float64"),
        ref_labels,
        references.astype("float64"),
        remove_diagonal=False,
    )
    result = losses.circle(
        labels,
        embeddings,
        ref_labels=ref_labels,
        ref_embeddings=references,
        remove_diagonal=False,
    )
    testing.assert_close(result, expected.astype("float32"), rtol=1e-4, atol=1e-4)
    assert testing.to_numpy(result)[3] == 0.0  # label 5 has no positive


def test_circle_class_averages_over_anchors_with_a_loss():
    embeddings = unit_vectors((8, 5), seed=4)
    labels = LABELS[:, None]  # (batch, 1) labels work too
    per_anchor = ref_circle(LABELS, embeddings.astype("float64"))
    assert (per_anchor == 0).sum() == 1  # label 3 appears once
    expected = per_anchor.sum() / (per_anchor > 0).sum()
    result = losses.Circle()(labels, embeddings)
    testing.assert_close(result, np.float32(expected), rtol=1e-4)
    testing.assert_close(
        losses.Circle(reduction="sum")(labels, embeddings),
        np.float32(per_anchor.sum()),
        rtol=1e-4,
    )


def test_circle_config_and_errors():
    loss = losses.Circle(gamma=32.0, margin=0.25, remove_diagonal=False)
    config = loss.get_config()
    options = (config["gamma"], config["margin"], config["remove_diagonal"])
    assert options == (32.0, 0.25, False)
    assert config["name"] == "circle"
    assert losses.Circle.from_config(config).get_config() == config
    with pytest.raises(ValueError, match="`gamma` must be a finite number >= 0"):
        losses.Circle(gamma=-1.0)
    with pytest.raises(TypeError, match="`remove_diagonal` must be a bool"):
        losses.Circle(remove_diagonal="no")
