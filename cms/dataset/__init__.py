"""The whole published record as open data: a Frictionless Data Package and
a SQLite file, built by `manage.py build_dataset` (build.py) from the tables
in tables.py, listed on /data/ and at /api/v1/datasets/ (views.py)."""
