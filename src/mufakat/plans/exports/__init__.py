"""Exports of plans: the compiled review as Word (.docx) and PDF, the reports as CSV, and an iCalendar feed of
a party's reporting deadlines. The review's text is laid out once (`review_document`) and written by both
the Word and the PDF writer, so the two always say the same; labels go through gettext in the language asked."""

from .reports import REPORT_COLUMNS, deadlines_ics, report_rows, reports_csv
from .review import ReviewDocument, Section, review_document, review_docx, review_pdf, status_label

__all__ = [
    "REPORT_COLUMNS",
    "ReviewDocument",
    "Section",
    "deadlines_ics",
    "report_rows",
    "reports_csv",
    "review_document",
    "review_docx",
    "review_pdf",
    "status_label",
]
