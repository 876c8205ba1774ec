"""Action items kept in step with GitHub issues, and the overdue tracking issue (SPEC §4).

``client`` is the small interface the engines use; ``pygithub`` implements it with PyGithub
(retries, rate limits, the content-creation throttle); ``plan`` decides per action item what
should change on either side; ``sync`` carries the plan out and writes issue numbers and statuses
back into the postmortems; ``tracking`` keeps the overdue report in one issue.
"""
