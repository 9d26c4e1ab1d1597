"""tensorflow backend: the nn ops (see keras/ops/nn.py for their contract)."""
