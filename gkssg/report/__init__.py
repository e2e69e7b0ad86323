"""The yearly report (``gkssg report``) and the figures of the statistics page.

:mod:`~gkssg.report.compute` turns a site's items into a frozen
:class:`~gkssg.report.compute.YearReport`; :mod:`~gkssg.report.formats` and
:mod:`~gkssg.report.annual_template` print it; :mod:`~gkssg.content.requests`
reads the optional request-handling figures of ``data/requests/Y.yaml``.
"""
