"""What people and programs read: text, JSON, summaries, worksheets and reportlab pages."""
