"""mufakat: the workbench for consensus-based intergovernmental meetings."""

__version__ = "0.1.0"
