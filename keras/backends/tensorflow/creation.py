"""tensorflow backend: the creation ops (see keras/ops/creation.py for their contract)."""
