"""TorchMap's QGIS GUI: the plugin object (later the dock widget)."""
