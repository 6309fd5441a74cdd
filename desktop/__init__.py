"""DermaTriage desktop app (PySide6). Composes widgets and wires signals; never imports torch."""
