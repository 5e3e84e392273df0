"""gongkai (公开): government information disclosure work.

`gongkai.core` is the framework-free domain; `gongkai.web` is the Django project around it;
`gongkai.cli` is the one command over both.
"""

__version__ = "0.1.0"
