"""Errors of the server's own installation, answered in Chinese instead of a 500.

A PDF needs WeasyPrint's system libraries and the document fonts (scripts/install-system-deps.sh). When they
are missing, every download that renders a PDF (the applicant's receipt, a letter, an annual report) raises
PdfRenderingUnavailable; one middleware turns it into a 503 page that says what is missing, whichever view
it came from, and logs it once for the administrator.
"""

from __future__ import annotations

import logging

from django.shortcuts import render

from gongkai.core.pdf import PdfRenderingUnavailable

log = logging.getLogger(__name__)


class PdfUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PdfRenderingUnavailable):
            return None
        log.error("PDF rendering unavailable on %s: %s", request.path, exception)
        return render(request, "503_pdf.html", {"message": exception.message}, status=503)
