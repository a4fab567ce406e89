"""The import engine: the same for the pages, the worker and the ``atrium import`` command."""

from atrium.imports.engine.run import ImportOptions, ImportOutcome, run_import

__all__ = ["ImportOptions", "ImportOutcome", "run_import"]
