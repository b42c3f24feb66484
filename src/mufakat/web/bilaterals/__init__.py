"""Pages of the bilaterals app: bilateral requests (a delegation's own, made and received; every request for the
chair), a delegation's arrival, departure and blocked periods with the free time derived from the
programme, the chair's schedule (solve, the draft as a day × room grid with its figures and the requests
left out and why, moves checked for conflicts, publish) and a party's published meetings.

Views stay thin: reads through bilaterals.selectors, writes through bilaterals.services;
`grid` only arranges assignments for the templates."""
