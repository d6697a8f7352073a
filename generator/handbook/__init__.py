"""handbook: handbook-as-code for sales organisations."""
