"""The font PDFs print names in: one covering Chinese, Japanese, Korean and accented Latin.

WenQuanYi Micro Hei (Debian's fonts-wqy-microhei, Apache-2.0 or GPL-3 with a font-embedding
exception) is installed by the project's set-up (.ci/run, `make fonts`). Without it the PDFs
fall back to the built-in Helvetica, which covers Latin-1 only: other characters print as '?'.
DejaVu Sans (Debian's fonts-dejavu-core, installed with Chromium) is the fallback for characters
the main font lacks: Hebrew, Arabic, Greek, Cyrillic and symbols. Right-to-left words print
their letters in typed order (fpdf2 shapes text only with uharfbuzz, which is not installed).
"""

from __future__ import annotations

import os
from pathlib import Path

from fpdf import FPDF

FAMILY = "KAM Sans"
FALLBACK = "Helvetica"
# Where Debian puts the font; KAM_PDF_FONT names another TrueType file or collection.
FONT_FILES = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)
OTHER_SCRIPTS = "KAM Sans Other"
OTHER_FILES = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),)
MISSING = (
    "no Unicode font for PDFs (install Debian's fonts-wqy-microhei, or set KAM_PDF_FONT): "
    "characters beyond Latin-1 print as '?'"
)


def unicode_font() -> Path | None:
    """The Unicode font file to embed, or None when none is installed."""
    named = os.environ.get("KAM_PDF_FONT")
    candidates = (Path(named),) if named else FONT_FILES
    return next((f for f in candidates if f.is_file()), None)


def register(pdf: FPDF) -> str:
    """Add the Unicode font to `pdf` and return its family; FALLBACK when there is none."""
    font = unicode_font()
    if font is None:
        return FALLBACK
    # One face: the font has no bold, and each face added costs a parse of the file (~1 s).
    pdf.add_font(FAMILY, "", str(font))
    other = next((f for f in OTHER_FILES if f.is_file()), None)
    if other is not None:
        pdf.add_font(OTHER_SCRIPTS, "", str(other))
        pdf.set_fallback_fonts([OTHER_SCRIPTS], exact_match=False)
    return FAMILY
