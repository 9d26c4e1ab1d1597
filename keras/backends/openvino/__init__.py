"""The OpenVINO backend: inference through OpenVINO graphs (no training)."""
