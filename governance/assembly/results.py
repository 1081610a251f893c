"""results of the general assembly (to be written)."""
