"""perfxl: a bureau's annual performance assessment, run out of Excel."""

__version__ = "0.1.0"
