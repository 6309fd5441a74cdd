"""DermaTriage inference core: image decoding, models, heatmaps, triage. No Qt, no torch."""

from __future__ import annotations

__version__ = "0.1.0"
