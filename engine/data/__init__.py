"""Training data: label sources, export and its formats, statistics, datasets, and the
preprocessing that training and inference share."""
