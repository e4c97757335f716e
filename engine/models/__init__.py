"""Networks: the registry (task, architecture, backbone -> network) and the model package."""
