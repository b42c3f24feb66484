"""Background jobs on the database task queue (Django's Tasks API through django-tasks + django-tasks-db).

A `Job` is our record of one piece of background work, stable across its retries: what it is, who asked
for it, in which series, its progress, its result or its error. Each attempt is one task on the queue."""
