"""Demo content: original GLOBAL&TREND columns in the legacy export format.

``columns/`` holds the column files (imported in file-name order, which is
chronological), ``manifest.json`` the home page, the series and each file's
tags. ``manage.py load_demo`` (see :mod:`columns.demo.loader`) builds a demo
site from them through the regular importer.
"""
