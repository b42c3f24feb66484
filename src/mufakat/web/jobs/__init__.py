"""A background job's page."""
