"""The live room in the browser: the event stream, the wall screens, the floor."""
