"""Static, multilingual, accessible patient-leaflet generator.

Modules follow the data: ``load`` (read and validate content) -> ``translate``
-> ``render_*`` (one module a format) -> ``check`` -> ``write`` (the only
module that writes output). ``pipeline`` runs them in that order; ``cli`` is
the command line behind ``build.py``.
"""
