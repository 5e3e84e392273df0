"""The public government information disclosure platform (政府信息公开平台, 国办公开办函〔2019〕61号): per agency the
four standard columns with one name and one layout, the key-area catalogues of grassroots agencies, item
pages, feeds and the sitemap. Everything shown is read from the registry; only published items are public."""
