"""Supervision of disclosure work (pure): the website forms and checks, the assessment rules."""
