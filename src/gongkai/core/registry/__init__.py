"""Proactive disclosure (主动公开) rules, framework-free: agency codes and 索引号, the item workflow with its
保密审查 gate, the 公开属性 and date rules, art. 26 timeliness and the interpretation rule, 有效性, the
vocabularies (genres, channels, art. 20/21 items, 26 key areas, 主题分类), attachment scrubbing, and the 表二
counts from registry records."""
