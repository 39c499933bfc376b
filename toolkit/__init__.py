"""Informational Interview Tracker: a spreadsheet-native follow-through toolkit.

The layers, top to bottom (imports point down only; see docs/architecture.md):
cli.py and cli_options.py (click); counselor/, capture/ and notes/ (the
capabilities, which do not import each other); review/ (`tracker check`);
workbook/ (the template and what follows from it); xlsx/ (the package
layer); errors.py and safe_text.py, which every layer may use.
"""

__version__ = "0.1.0"
