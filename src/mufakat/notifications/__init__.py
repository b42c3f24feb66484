"""Notices to the right people: an inbox per user, e-mail now or in a daily digest, and the record of who was
told what, when and through which channel (the proof a silence procedure needs)."""
