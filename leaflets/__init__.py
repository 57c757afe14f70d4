"""Static, multilingual, accessible patient-leaflet generator.

Modules follow the data: ``load`` (read and validate content) -> ``translate``
-> ``render_*`` (one module a format) -> ``check`` -> ``write`` (the only
module that writes output). ``pipeline`` runs them in that order; ``cli`` is
the command line behind ``build.py``.
"""
from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("leaflets")
except _metadata.PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"
