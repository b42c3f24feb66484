"""Pages of the delegations app: delegations and participants, accreditation, circulars."""
