"""The registry of proactively disclosed government information (主动公开): items, their versions, 保密审查,
attachments, 政策解读 links, 有效性, 政府公报 issues, the key-area catalogues and the 索引号 serials. Rules come
from gongkai.core.registry; every write goes through gongkai.web.registry.services."""
