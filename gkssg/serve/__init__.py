"""``gkssg serve``: a live preview that rebuilds only what a change touches.

Kept apart, one job each: :mod:`.watcher` (file events → batches of paths),
:mod:`.changes` (a batch → what kind of change), :mod:`.sources` (the site's
files read once and re-read one by one), :mod:`.affected` (which pages a change
reaches), :mod:`.live_site` (the site in memory, writing the serve folder),
:mod:`.reload` (the browser's event channel and its script), :mod:`.overlay`
(content errors shown in the browser) and :mod:`.server` (HTTP).
"""
