"""OpenVINO trainer: inference only. `predict` (and the forward pass of `evaluate`) runs
the model as one compiled OpenVINO graph.

The model is traced once per input signature (the shapes and dtypes of a batch): its
inputs become `Parameter` nodes, its call builds the rest of the graph (the weights are
constants in it), and the `ov.Model` is compiled for the CPU (float32 inference
precision, set explicitly: the plugin would run bf16 on CPUs that have it). The compiled
models are cached on the model; assigning any Variable makes them stale. A model whose
call needs concrete values of its inputs (Python control flow on them) cannot be traced:
it then runs eagerly, op by op, for that signature.
"""

import numpy as np
import openvino as ov

from keras.backends import active
from keras.backends.common import tree
from keras.trainers import numpy_trainer
from keras.trainers import trainer as base_trainer


def _batch_array(value):
    """A batch leaf as the C-contiguous NumPy array the compiled graph reads in place
    (float64 becomes float32, as every backend's data loop does)."""
    if value is None:
        return None
    if active.is_tensor(value):
        return np.ascontiguousarray(active.convert_to_numpy(value))
    array = np.asarray(value)
    dtype = base_trainer.batch_dtype(array.dtype)
    return np.ascontiguousarray(array if dtype is None else array.astype(dtype))


class _Compiled:
    """One traced and compiled forward pass."""

    def __init__(self, compiled, structure, version):
        self.compiled = compiled
        self.request = compiled.create_infer_request()
        self.structure = structure
        self.version = version
        self.output_types = [output.get_element_type() for output in compiled.outputs]

    def __call__(self, arrays):
        results = self.request.infer(arrays, share_inputs=True, share_outputs=False)
        values = [
            active.core._from_ov_array(results[i], t)
            for i, t in enumerate(self.output_types)
        ]
        return tree.pack_sequence_as(self.structure, values)


class Trainer(numpy_trainer.Trainer):
    def _check_can_train(self):
        raise NotImplementedError(
            "Training is not supported on the openvino backend: OpenVINO is an inference "
            "engine (it has no automatic differentiation). Use predict() and evaluate() "
            "here, or train with KERAS_BACKEND=jax, torch or tensorflow and load the "
            "saved model on openvino."
        )

    def _forward_cache(self):
        return self.__dict__.setdefault("_openvino_forward", {})

    def _trace(self, x, arrays):
        """Traces `self(x)` with Parameter inputs and compiles it (None when the call
        needs concrete input values)."""
        core = active.core
        parameters = [
            ov.opset14.parameter(list(a.shape), core._ov_type(a.dtype)) for a in arrays
        ]
        symbolic = tree.pack_sequence_as(
            x, [core.OpenVINOTensor(p.output(0)) for p in parameters]
        )
        version = core._assignments[0]
        try:
            outputs = self(symbolic, training=False)
        except core.SymbolicValueError:
            return None
        flat = [core.convert_to_tensor(o) for o in tree.flatten(outputs)]
        model = ov.Model([o.output for o in flat], parameters, "keras_forward")
        compiled = core._ov_core().compile_model(model, "CPU", core.COMPILE_CONFIG)
        if core._assignments[0] != version:
            # The call assigned variables (a stateful layer): not a pure forward pass.
            return None
        structure = tree.pack_sequence_as(outputs, list(range(len(flat))))
        return _Compiled(compiled, structure, version)

    def _step_inputs(self, batch):
        # The batches stay NumPy arrays: the compiled graph reads them in place (the
        # eager fallbacks below convert them).
        return tree.map_structure(_batch_array, batch)

    def predict_on_batch(self, x):
        """The outputs on one batch, as NumPy arrays."""
        out = self._step_function("predict")(self._step_inputs((x,)))
        return tree.map_structure(lambda t: np.asarray(active.convert_to_numpy(t)), out)

    def _forward(self, x):
        """`self(x, training=False)` through the compiled graph of x's signature, as
        NumPy arrays (None when this model must run eagerly)."""
        core = active.core
        flat = tree.flatten(x)
        if not flat or any(v is None for v in flat):
            return None
        arrays = [_batch_array(v) for v in flat]
        signature = (
            tree.pack_sequence_as(x, list(range(len(flat)))).__repr__(),
            tuple((a.shape, a.dtype.str) for a in arrays),
            len(self.weights),
        )
        cache = self._forward_cache()
        entry = cache.get(signature)
        if entry is None or (entry and entry.version != core._assignments[0]):
            entry = self._trace(x, arrays) or False
            cache[signature] = entry
        if entry is False:
            return None
        return entry(arrays)

    def make_predict_function(self):
        def predict(batch):
            x, _, _ = self._unpack(batch)
            outputs = self._forward(x)
            if outputs is None:
                return self.predict_step(self._to_tensors(batch))
            return outputs

        return predict

    def make_test_function(self):
        def test(batch):
            x, y, sample_weight = self._unpack(batch)
            y_pred = self._forward(x)
            if y_pred is None:
                return self.test_step(self._to_tensors(batch))
            x, y, sample_weight = self._unpack(self._to_tensors(batch))
            y_pred = tree.map_structure(active.convert_to_tensor, y_pred)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
            self._loss_tracker.update_state(loss, sample_weight=self._batch_size(x))
            return self.compute_metrics(x, y, y_pred, sample_weight)

        return test
