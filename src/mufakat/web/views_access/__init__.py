"""Pages of issue 3: login, API tokens, delegations and participants, accreditation, circulars, audit log.

Views stay thin: reads go through the domain selectors, writes through the services, and every
ApplicationError becomes a response in `common.app_view` (or next to the form field it names)."""
