"""The monitor of other government websites (国办秘函〔2019〕19号, 政府网站与政务新媒体检查指标): pure rules.

    dates        publication dates as Chinese sites print them (2024-03-05, 2024年3月5日, [03-05], URLs ...)
    listing      a column page's list of dated links, found automatically or with a CSS selector
    rules        staleness of a column by its kind, availability over a week, the check's findings

No network and no clock here: pages come in as text, the check date as an argument. The fetching lives in
gongkai.web.supervision.fetcher.
"""
