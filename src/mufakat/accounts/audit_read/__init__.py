"""Reading the audit log of a series: filters (object, party, person, action, day), and entries shown with
names instead of ids, each object labelled and linked when the reader may see it.

An audit entry quotes its object (`object_repr`, and titles or names in its before/after snapshot), so it
follows the object's classification: every label is looked up through the object's own access-checked
selector for this reader, and an entry about an object the reader may not see (a restricted draft, a
confidential circular, another party's bilateral request) shows neither its title nor its changes. Ids are
resolved to names in one query per kind of object on the page, whatever the number of entries."""

from .entries import AuditEntry, FieldChange, ObjectRef, audit_entries
from .filters import AuditChoices, AuditFilter, Choice, audit_choices, audit_events, audit_filter_parse
from .labels import RESOLVERS, type_label

__all__ = [
    "RESOLVERS",
    "AuditChoices",
    "AuditEntry",
    "AuditFilter",
    "Choice",
    "FieldChange",
    "ObjectRef",
    "audit_choices",
    "audit_entries",
    "audit_events",
    "audit_filter_parse",
    "type_label",
]
