"""Where DermaTriage keeps a user's data: DERMATRIAGE_HOME, else the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path


def user_data_dir() -> Path:
    env = os.environ.get("DERMATRIAGE_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("DermaTriage", "DermaTriage"))
