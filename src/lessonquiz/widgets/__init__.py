"""The ipywidgets front end: ``Quiz`` (a bank as a live quiz) and ``show`` (find and show one).

Only this package imports ipywidgets; the core (bank, grading, store) works without Jupyter.
"""

from lessonquiz.widgets.quiz import Quiz
from lessonquiz.widgets.show import show

__all__ = ["Quiz", "show"]
