"""Training: the trainer and its hooks, losses, metrics, LR finder, split and reports."""
