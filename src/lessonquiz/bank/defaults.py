"""Defaults a bank may override, kept apart from the model so a quiz can use them without
importing pydantic (see ``bank.public``)."""

DEFAULT_EXPLANATION_AFTER = 2
"""Wrong attempts after which the explanation is shown, unless a bank says otherwise."""
