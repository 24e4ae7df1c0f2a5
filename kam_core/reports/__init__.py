"""Printable and presentable exports: the PDF base, the account brief, the meeting deck.

Pure Python (fpdf2, python-pptx): no browser and no image renderer, so exports work on a fresh
machine right after `make run`. Numbers are worded by kam_core.data.formats, as on the pages.
"""
