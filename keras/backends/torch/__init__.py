"""The PyTorch backend: eager with autograd; layers are torch.nn.Modules."""
