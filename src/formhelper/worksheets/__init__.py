"""``worksheets.pdf``: the Form 8606 worksheets, drawn with reportlab (offline, always)."""
