"""TorchMap's Processing provider: thin algorithms over the engine."""
