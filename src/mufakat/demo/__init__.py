"""The demo (`mufakat demo`): the AMM-57 week of July 2024 and the AMM-43 of 2010, loaded through the domain
services like any user's work. One module per app's share of the story, each idempotent; the loaders act as the
chair's accounts of the story or, where nobody in it would, as the system actor "demo loader"
(`SeriesViewer.system`), dated on the demo clock (`demo.clock`)."""
