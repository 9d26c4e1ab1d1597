"""numpy backend: the products ops (see keras/ops/products.py for their contract)."""
