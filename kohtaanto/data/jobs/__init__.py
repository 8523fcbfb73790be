"""Job advertisements shipped for the demo (source and licence in NOTICE)."""
