"""Website and new-media checks (国办秘函〔2019〕19号, 政府网站与政务新媒体检查指标): pure rules.

Other sites (the monitor):
    dates            publication dates as Chinese sites print them (2024-03-05, 2024年3月5日, [03-05], URLs ...)
    listing          a column page's list of dated links, found automatically or with a CSS selector
    rules            staleness of a column by its kind, availability over a week, the check's findings
gongkai's own platform and new media:
    checklist        the 19号 indicators as data: single-veto items, deduction items with their points
    platform_check   the check of gongkai's own public platform and of new-media accounts from gathered facts
    feeds            RSS/Atom/JSON Feed documents read into dated entries (new-media accounts)

No database, no network and no clock here: pages and facts come in as values, the check date as an argument.
The fetching lives in gongkai.web.supervision.fetcher.
"""
