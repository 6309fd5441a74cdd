"""Training module: produces every bundled model and its evidence. Uses torch; never imported by the app."""
