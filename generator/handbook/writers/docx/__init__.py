"""Word writer."""
