"""Real-browser tests (JupyterLab, Voilà, keyboard, axe-core); run with `make test-browser`."""
