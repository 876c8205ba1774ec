"""On-call answers built on :mod:`incidentkit.schedule`: loads of schedules from the repository
(:mod:`~incidentkit.oncall.load`), text and tables (:mod:`~incidentkit.oncall.render`) and
iCalendar feeds (:mod:`~incidentkit.oncall.ical`)."""
