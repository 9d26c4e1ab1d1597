"""The normalization layers; keras.layers loads each module lazily by name."""
