"""The negotiating room, live: events written with each change and streamed to every screen that may see them
(Server-Sent Events), the wall screen's pointer, the floor (speakers' queue) and presence."""
