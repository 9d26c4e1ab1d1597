"""torch backend: the math ops (see keras/ops/math.py for their contract)."""
