"""`field__any_of=[ids]`: membership in a list of ids read beforehand, as one parameter on PostgreSQL.

A search reads the ids of the documents its reader may see (hundreds) and filters three kinds of entries on
them in one statement. Written as `IN (%s, %s, …)` that is a thousand placeholders, and psycopg splits and
converts such a statement in Python on every execution (it caches only short ones): ~13 ms a search on the
benchmark's archive. `= ANY(%s)` with the list as one array parameter says the same. Other databases get the
ordinary IN."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignKey, IntegerField
from django.db.models.lookups import In


class AnyOf(In[Any]):
    lookup_name = "any_of"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        if connection.vendor != "postgresql" or not isinstance(self.rhs, list | tuple | set | frozenset):
            return super().as_sql(compiler, connection)
        values = sorted({value for value in self.rhs if value is not None})
        if not values:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, values)


def register() -> None:
    for field in (IntegerField, ForeignKey):
        field.register_lookup(AnyOf)
