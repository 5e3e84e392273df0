"""Disclosure applications (依申请公开) as pure domain logic: identity checks, the vocabularies of the form,
the table 三 outcome categories with their legal basis, the remedy statement, the workflow state machine and
the letters (告知书) with their DOCX/PDF rendering. No Django here; the web app stores what these compute."""
