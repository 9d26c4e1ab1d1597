"""numpy backend: the random ops (see keras/ops/random.py for their contract)."""
