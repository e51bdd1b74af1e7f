"""HTML reports: view models (viewmodel.py), rendering (render.py), templates and static files."""

from rewrite_detect.report.render import render_pair

__all__ = ["render_pair"]
