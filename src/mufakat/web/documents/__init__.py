"""Pages of the documents app: the register of outcome documents, a document's bracketed and clean text with its open
proposals, versions and comparison, the new-draft editor, the positions board with the silence procedure,
the chair's recommendation and decision, and the FINAL text.

Views stay thin: reads go through `mufakat.documents.selectors` (access-checked), writes through the
services; `drafting` turns the editor's text into paragraphs that keep their identity."""
