"""The assessment room of supervision: services (every write), access (who sees what), views and URLs."""
