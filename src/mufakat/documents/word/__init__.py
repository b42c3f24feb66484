"""Word (.docx) import and export of outcome documents, because delegations draft and read in Word.

Import reads a draft into `ParagraphInput`s for `document_version_circulate`:
- headings: paragraphs in a Heading style (or with an outline level), numbered section titles
  ("A. Political-Security", "IV. Way Forward"), and short lines that are all bold or all capitals;
- numbered paragraphs: a leading manual number ("12. ", "12) ", "(12) ", "12 bis. ") is removed, since
  numbers are printed from the paragraph's position; Word's automatic numbering (numPr) is not part of
  the text anyway, so such paragraphs are numbered paragraphs as they are;
- paragraphs in the Title or Subtitle style are the document's name and circulation line (our own
  exports write them so), which the register already holds: they are skipped, as are empty paragraphs;
- tables are flattened, one paragraph per row, its non-empty cells joined by " | ";
- tracked changes are read as accepted (inserted text kept, deleted text left out).
Anything that is not a readable .docx is refused with `ValidationFailed` on field "file".

Export writes the clean text, the bracketed text and a comparison of two versions. It is pure on what
the caller passes (the selectors' `TextView` / `Comparison` and the document with its meeting), e.g.
``clean_docx(document=document, view=clean_text(version=version))``."""

from .reading import (
    HEADING_MAX_WORDS,
    IMPORT_TIME_BUDGET,
    MAX_DOCX_BYTES,
    MAX_IMPORT_CHARACTERS,
    MAX_IMPORT_PARAGRAPHS,
    MAX_UNPACKED_BYTES,
    document_version_import,
    docx_open,
    docx_to_paragraphs,
    match_to_previous,
)
from .writing import DELETE_COLOUR, INSERT_COLOUR, PARTY_COLOUR, bracketed_docx, clean_docx, comparison_docx

__all__ = [
    "DELETE_COLOUR",
    "HEADING_MAX_WORDS",
    "IMPORT_TIME_BUDGET",
    "INSERT_COLOUR",
    "MAX_DOCX_BYTES",
    "MAX_IMPORT_CHARACTERS",
    "MAX_IMPORT_PARAGRAPHS",
    "MAX_UNPACKED_BYTES",
    "PARTY_COLOUR",
    "bracketed_docx",
    "clean_docx",
    "comparison_docx",
    "document_version_import",
    "docx_open",
    "docx_to_paragraphs",
    "match_to_previous",
]
