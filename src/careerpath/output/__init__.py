"""What people read: words in their language, Rich renderables, export formats."""
