"""Pages of the meetings app: the series list and page, the released programme as a day × room timetable,
the chair's draft beside the latest release (changes, conflicts, the release form, session editing), the
releases and their changelogs, the printable booklet, a delegation's week, and the agendas and SOM
recommendations on the meeting pages.

Views stay thin: reads go through the meetings selectors and the domain read functions (releases,
agendas), writes through the services; `timetable` only shapes released data for the templates."""
