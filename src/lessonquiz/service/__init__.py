"""The lessonquiz JupyterHub service: who answered (from the Hub), what it scores (graded
again here), where it is kept (PostgreSQL).

- ``regrade``: the course's banks, and an attempt as the kernel sent it graded again;
- ``handlers``: the tornado handlers, identity and scopes (``HubAuthenticated``);
- ``app``: the command ``lessonquiz-service`` (``--setup`` for the database, else serve).

Installed with ``pip install 'lessonquiz[hub]'``; a kernel never imports this package.
"""

REPORT_SCOPE = "custom:lessonquiz:report"
"""Held (through a role) by the instructors' group: read the class report and anyone's
attempts."""
