"""Search pages and agreed-language precedents."""
