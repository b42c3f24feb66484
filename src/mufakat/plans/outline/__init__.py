"""A plan's outline read from CSV or Word (.docx) and checked as a whole before anything is written.

CSV: a header row naming the columns (any order): number, title_en (required), title_vi, text_en, text_vi,
lead, responsible (party codes separated by spaces, commas or semicolons; an empty `responsible` means every
member of the plan's framework), target_year, indicator_en, indicator_vi. Rows are counted as in a
spreadsheet: the header is row 1.

Word: every paragraph (or first table cell) that starts with a number — "1. Nuclear safety", "1.1 …",
"1.1.1 …" — opens a line; the paragraphs after it up to the next number are its text, except those starting
"Lead:", "Responsible:", "Target year:" or "Indicator:", which fill those fields. Paragraphs before the first
number (the title, a preamble) are skipped. Numbers typed by Word's automatic list numbering are not part of
the text and are not seen.

The structure is checked on the whole file: a number given twice, a gap among siblings (3.1 and 3.3 without
3.2), a line without its parent (1.4.2 without 1.4), more than three levels; every problem names its row
or paragraph. Pure: no database access; the caller passes the party codes it knows."""

from .checks import MAX_DEPTH, outline_check, outline_problems
from .entries import MAX_LINES, OutlineEntry, OutlineProblem, number_label, parse_number, party_codes
from .reading import COLUMNS, REQUIRED_COLUMNS, outline_from_csv, outline_from_docx

__all__ = [
    "COLUMNS",
    "MAX_DEPTH",
    "MAX_LINES",
    "REQUIRED_COLUMNS",
    "OutlineEntry",
    "OutlineProblem",
    "number_label",
    "outline_check",
    "outline_from_csv",
    "outline_from_docx",
    "outline_problems",
    "parse_number",
    "party_codes",
]
