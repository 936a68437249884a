"""`newsstream bench`: where the time goes, measured side by side in one run (see report.py)."""
