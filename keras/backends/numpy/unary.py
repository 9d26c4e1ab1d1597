"""numpy backend: the unary ops (see keras/ops/unary.py for their contract)."""
