"""The Django project around gongkai.core: persistence, web pages, admin.

Apps are thin: models and views parse input and call the service functions in each app's `services` module
(a package where it grew: applications); the domain rules live in gongkai.core.
"""
