"""The signed-in user's notifications: the inbox, and how each kind of notice reaches them."""
