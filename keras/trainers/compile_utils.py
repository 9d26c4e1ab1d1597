"""What `compile(loss=..., metrics=...)` turns into: one loss and one metric set for the
model's (possibly several) outputs."""

from keras.backends.common import tree


def _output_names(model, count):
    outputs = getattr(model, "_outputs_struct", None)
    if isinstance(outputs, dict):
        return sorted(outputs)
    names = []
    for tensor in tree.flatten(outputs) if outputs is not None else []:
        history = getattr(tensor, "_keras_history", None)
        names.append(history.operation.name if history is not None else f"output_{len(names)}")
    if len(names) != count:
        names = [f"output_{i}" for i in range(count)] if count > 1 else ["output"]
    return names


def _per_output(value, names, argument):
    """`value` (one item, a list or a dict) as a list with one item per output."""
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(names))
        if unknown:
            raise ValueError(
                f"compile: `{argument}` names outputs {unknown}, but the model's outputs are "
                f"{names}."
            )
        return [value.get(name) for name in names]
    if isinstance(value, (list, tuple)) and len(names) > 1:
        if len(value) != len(names):
            raise ValueError(
                f"compile: `{argument}` has {len(value)} entries, but the model has "
                f"{len(names)} outputs ({names})."
            )
        return list(value)
    return [value] * len(names)


def _resolve_loss(identifier):
    from keras import losses

    if identifier is None:
        return None
    loss = losses.get(identifier)
    if isinstance(loss, losses.Loss):
        return loss
    if callable(loss):
        name = identifier if isinstance(identifier, str) else getattr(loss, "__name__", "loss")
        return losses.LossFunctionWrapper(loss, name=name)
    raise ValueError(f"compile: could not interpret loss {identifier!r}.")


class CompileLoss:
    """The total loss: the sum over outputs of loss_weight * loss(y_true, y_pred, sw)."""

    def __init__(self, loss, loss_weights=None):
        self._spec = loss
        self._weights_spec = loss_weights
        self.built = False

    def build(self, model, y_true, y_pred):
        flat_pred = tree.flatten(y_pred)
        self.names = _output_names(model, len(flat_pred))
        if isinstance(self._spec, (list, tuple)) and len(flat_pred) == 1 and len(self._spec) == 1:
            specs = list(self._spec)
        else:
            specs = _per_output(self._spec, self.names, "loss")
        self.losses = [_resolve_loss(s) for s in specs]
        if all(l is None for l in self.losses):
            raise ValueError("compile: `loss` gives no loss for any output.")
        weights = self._weights_spec
        if weights is None:
            self.weights = [1.0] * len(flat_pred)
        else:
            self.weights = [1.0 if w is None else float(w) for w in _per_output(weights, self.names, "loss_weights")]
        # With two or more losses, each output's (unweighted) loss is also reported, as
        # `<output name>_loss` (Keras 3's naming); one loss is the `loss` log itself.
        self.trackers = [None] * len(self.losses)
        if sum(loss is not None for loss in self.losses) >= 2:
            from keras import metrics

            self.trackers = [
                None if loss is None else metrics.Mean(name=f"{name}_loss")
                for loss, name in zip(self.losses, self.names)
            ]
        self.built = True

    @property
    def metrics(self):
        """The per-output loss trackers (none unless 2+ outputs have a loss)."""
        if not self.built:
            return []
        return [tracker for tracker in self.trackers if tracker is not None]

    def __call__(self, y_true, y_pred, sample_weight=None):
        from keras import ops

        if (
            len(self.losses) == 1
            and not tree.is_nested(y_pred)
            and not tree.is_nested(y_true)
            and not tree.is_nested(sample_weight)
            and self.losses[0] is not None
        ):
            # One output, one loss (the common case): no per-output bookkeeping.
            value = self.losses[0](y_true, y_pred, sample_weight=sample_weight)
            self.per_output = [value]
            weight = self.weights[0]
            return value * weight if weight != 1.0 else value
        flat_pred = tree.flatten(y_pred) if tree.is_nested(y_pred) else [y_pred]
        if isinstance(y_true, dict) and isinstance(y_pred, dict):
            flat_true = [y_true[k] for k in sorted(y_pred)]
        else:
            flat_true = tree.flatten(y_true) if tree.is_nested(y_true) else [y_true]
        if len(flat_true) != len(flat_pred):
            raise ValueError(
                f"The model has {len(flat_pred)} output(s) but the targets `y` hold "
                f"{len(flat_true)} array(s)."
            )
        if sample_weight is None or not isinstance(sample_weight, (list, tuple, dict)):
            flat_sw = [sample_weight] * len(flat_pred)
        else:
            flat_sw = tree.flatten(sample_weight)
        total = None
        self.per_output = []
        batch_size = None
        for loss, weight, tracker, yt, yp, sw in zip(
            self.losses, self.weights, self.trackers, flat_true, flat_pred, flat_sw
        ):
            if loss is None:
                self.per_output.append(None)
                continue
            value = loss(yt, yp, sample_weight=sw)
            self.per_output.append(value)
            if tracker is not None:
                if batch_size is None:
                    batch_size = ops.shape(yp)[0]
                # Weighted by the batch size like the `loss` tracker, so that over an
                # epoch `loss` stays the weighted sum of the per-output means.
                tracker.update_state(ops.stop_gradient(value), sample_weight=batch_size)
            value = value * weight if weight != 1.0 else value
            total = value if total is None else ops.add(total, value)
        return total


def _resolve_metric(identifier, y_true, y_pred, loss):
    from keras import metrics

    if isinstance(identifier, str) and identifier in ("accuracy", "acc", "crossentropy", "ce"):
        binary = len(y_pred.shape) > 0 and y_pred.shape[-1] == 1
        loss_name = getattr(loss, "name", "") or ""
        if "binary" in loss_name:
            binary = True
        sparse = len(y_true.shape) < len(y_pred.shape) or (
            len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1 and not binary
        )
        if identifier in ("accuracy", "acc"):
            if binary:
                return metrics.BinaryAccuracy(name=identifier)
            if sparse:
                return metrics.SparseCategoricalAccuracy(name=identifier)
            return metrics.CategoricalAccuracy(name=identifier)
        if binary:
            return metrics.BinaryCrossentropy(name=identifier)
        if sparse:
            return metrics.SparseCategoricalCrossentropy(name=identifier)
        return metrics.CategoricalCrossentropy(name=identifier)
    metric = metrics.get(identifier)
    if not isinstance(metric, metrics.Metric):
        if not callable(metric):
            raise ValueError(f"compile: could not interpret metric {identifier!r}.")
        metric = metrics.MeanMetricWrapper(
            metric, name=getattr(metric, "__name__", "metric")
        )
    if isinstance(identifier, str):
        # Logs use the name given to compile ("mae" stays "mae"), as in Keras 3.
        metric.name = identifier
    return metric


class CompileMetrics:
    """`metrics` and `weighted_metrics` of compile, per output."""

    def __init__(self, metrics=None, weighted_metrics=None):
        self._metrics_spec = metrics
        self._weighted_spec = weighted_metrics
        self.built = False
        self.entries = []  # (output index, metric, weighted)

    def build(self, model, y_true, y_pred, loss=None):
        flat_pred = tree.flatten(y_pred)
        if isinstance(y_true, dict) and isinstance(y_pred, dict):
            flat_true = [y_true[k] for k in sorted(y_pred)]
        else:
            flat_true = tree.flatten(y_true)
        names = _output_names(model, len(flat_pred))
        losses = getattr(loss, "losses", [None] * len(flat_pred))
        entries = []
        for spec, weighted in ((self._metrics_spec, False), (self._weighted_spec, True)):
            if spec is None:
                continue
            if len(flat_pred) == 1:
                per_output = [spec if isinstance(spec, (list, tuple)) else [spec]]
                if isinstance(spec, dict):
                    per_output = [list(spec.values())[0]]
            elif isinstance(spec, dict):
                per_output = _per_output(spec, names, "metrics")
            else:
                per_output = [spec] * len(flat_pred)
            for index, items in enumerate(per_output):
                if items is None:
                    continue
                for item in items if isinstance(items, (list, tuple)) else [items]:
                    metric = _resolve_metric(item, flat_true[index], flat_pred[index], losses[index])
                    if len(flat_pred) > 1:
                        metric.name = f"{names[index]}_{metric.name}"
                    if weighted and self._metrics_spec is not None:
                        if not metric.name.startswith("weighted_"):
                            metric.name = f"weighted_{metric.name}"
                    entries.append((index, metric, weighted))
        self.entries = entries
        self.built = True

    @property
    def metrics(self):
        return [metric for _, metric, _ in self.entries]

    def update_state(self, y_true, y_pred, sample_weight=None):
        flat_pred = tree.flatten(y_pred)
        if isinstance(y_true, dict) and isinstance(y_pred, dict):
            flat_true = [y_true[k] for k in sorted(y_pred)]
        else:
            flat_true = tree.flatten(y_true)
        if sample_weight is None or not isinstance(sample_weight, (list, tuple, dict)):
            flat_sw = [sample_weight] * len(flat_pred)
        else:
            flat_sw = tree.flatten(sample_weight)
        for index, metric, weighted in self.entries:
            sw = flat_sw[index] if weighted else None
            metric.update_state(flat_true[index], flat_pred[index], sample_weight=sw)
