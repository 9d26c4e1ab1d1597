"""CTC loss against a NumPy forward-algorithm reference."""

import numpy as np
import pytest

from keras import losses
from keras.ops import testing


def log_softmax(x):
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def ref_ctc(labels, logits):
    """-log p(labels | logits), blank 0, labels padded with 0, by the forward pass."""
    result = []
    for sequence, scores in zip(labels, logits):
        log_probs = log_softmax(scores.astype("float64"))  # (time, classes)
        extended = [0]
        for label in sequence[sequence != 0]:
            extended += [int(label), 0]
        alpha = np.full(len(extended), -np.inf)
        alpha[0] = log_probs[0, 0]
        if len(extended) > 1:
            alpha[1] = log_probs[0, extended[1]]
        for t in range(1, len(log_probs)):
            previous = alpha.copy()
            for s, label in enumerate(extended):
                total = previous[s]
                if s >= 1:
                    total = np.logaddexp(total, previous[s - 1])
                if s >= 2 and label != 0 and label != extended[s - 2]:
                    total = np.logaddexp(total, previous[s - 2])
                alpha[s] = total + log_probs[t, label]
        end = alpha[-1] if len(extended) == 1 else np.logaddexp(alpha[-1], alpha[-2])
        result.append(-end)
    return np.array(result)


LABELS = np.array([[1, 2, 0, 0], [3, 3, 1, 0], [2, 0, 0, 0], [4, 1, 2, 3]], "int32")


@pytest.mark.parametrize("time", [8, 12])
def test_ctc_matches_numpy(time):
    logits = testing.random_array((4, time, 5), seed=time)
    expected = ref_ctc(LABELS, logits)
    result = losses.ctc(LABELS, logits)
    testing.assert_close(result, expected.astype("float32"), rtol=1e-4)
    result = losses.CTC()(LABELS, logits)
    testing.assert_close(result, np.float32(expected.mean()), rtol=1e-4)
    weights = np.array([1.0, 0.5, 0.0, 2.0], "float32")
    testing.assert_close(
        losses.CTC(reduction="sum")(LABELS, logits, sample_weight=weights),
        np.float32((expected * weights).sum()),
        rtol=1e-4,
    )


def test_ctc_config_and_shape_errors():
    loss = losses.CTC()
    assert loss.get_config() == {
        "name": "ctc",
        "reduction": "sum_over_batch_size",
        "dtype": "float32",
    }
    with pytest.raises(ValueError, match=r"`y_true` must be integer labels of shape"):
        losses.ctc(np.zeros((2, 3, 1), "int32"), np.zeros((2, 4, 3), "float32"))
    with pytest.raises(ValueError, match=r"`y_pred` must be logits of shape"):
        losses.ctc(np.zeros((2, 3), "int32"), np.zeros((2, 4), "float32"))
