"""Case storage: SQLite + content-addressed image files. Qt-free; used by the app and the CLI."""
