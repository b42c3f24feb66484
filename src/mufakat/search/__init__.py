"""Search across what a viewer may see, and agreed-language precedents for a paragraph being negotiated."""
