"""The monitor of other government websites, as pages and scheduled work: access rule, services (every write),
huey tasks, forms, views and the demo's fixture sites. The fetching is in ../fetcher.py and ../monitoring.py,
the rules in gongkai.core.monitor."""
