"""Login, logout and API tokens; a series' audit log."""
