"""Disclosure on application (依申请公开): intake, the statutory clock, handling, replies and remedies."""
