"""What ``formhelper prepare`` writes besides the filled forms: summaries and their data."""
