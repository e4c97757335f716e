"""Inference: tiling (read and core windows), blending, Classify Pixels, Classify Objects."""
