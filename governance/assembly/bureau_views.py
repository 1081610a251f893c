"""bureau_views of the general assembly (to be written)."""
