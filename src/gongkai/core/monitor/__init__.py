"""Website and new-media checks (国办秘函〔2019〕19号, 政府网站与政务新媒体检查指标): pure rules.

    checklist        the 19号 indicators as data: single-veto items, deduction items with their points
    platform_check   the check of gongkai's own public platform and of new-media accounts from gathered facts
    feeds            RSS/Atom/JSON Feed documents read into dated entries (new-media accounts)

No database, no network and no clock here: facts come in as values, the check date as an argument.
"""
