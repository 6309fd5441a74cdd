"""python -m cli ...: the same as dermatriage-cli."""

from cli.main import main

raise SystemExit(main())
