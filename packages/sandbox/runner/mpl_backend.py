"""Matplotlib backend for jobs (MPLBACKEND=module://mpl_backend): Agg, whose show() turns every
open figure into a PNG for the Result (figures.py) and closes it, so a script can show several
plots in turn. Figures still open when the job ends are captured too (child.py)."""

import matplotlib
from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

import figures

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase


def show(*args, **kwargs):
    capture_open_figures()


def capture_open_figures():
    """Render every open figure to PNG (in order) and close it."""
    import matplotlib.pyplot as pyplot
    for number in pyplot.get_fignums():
        figure = pyplot.figure(number)
        figures.add(lambda dpi, figure=figure: _render(figure, dpi), figure.get_size_inches(), figure.dpi)
        pyplot.close(figure)


def _render(figure, dpi):
    import io
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def forget():
    figures.reset()


def install_show():
    """Also when the job picks another non-GUI backend itself (matplotlib.use("Agg")): pyplot.show
    is ours."""
    import matplotlib.pyplot as pyplot
    pyplot.show = show


matplotlib.interactive(False)
