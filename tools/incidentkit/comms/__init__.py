"""Incident communications: status updates rendered from Jinja2 templates, and Slack Block Kit."""
