"""The Jupyter front end: ``Quiz`` (a bank as a live quiz) and ``show`` (find and show one).

Only this package speaks to Jupyter (comm, IPython display); the core (bank, grading, store)
works without Jupyter. The quiz is drawn by anywidget's front end; the kernel side
(``model.WidgetModel``) imports neither anywidget nor ipywidgets.
"""

from lessonquiz.widgets.quiz import Quiz
from lessonquiz.widgets.show import show

__all__ = ["Quiz", "show"]
