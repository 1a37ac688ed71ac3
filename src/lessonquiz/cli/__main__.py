"""``python -m lessonquiz.cli``, as well as the ``lessonquiz`` script."""

from lessonquiz.cli import main

main()
