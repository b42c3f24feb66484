"""Pages of the plans app: plans of action in a series (list, plan page with its outline, the secretariat's editing
forms), a focal point's reports (what is due and what is late, a form per action line), the secretariat's
queue of submitted reports with return-for-clarification, the CSV and iCalendar exports, and the review a
meeting holds (charts, roll-ups, conclusions, Word and PDF).

Plans outlive a series: they are reached through the series the viewer holds a role in, and their reviews
through the reviewing meeting's page. Views stay thin: reads through mufakat.plans.selectors, writes through
mufakat.plans.services."""
