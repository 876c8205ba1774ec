"""What a change (a pull request) does to the incidents and to on call: two versions of the
repository, read from git without touching the working tree (``versions``), incidents and
postmortems compared document by document (``compare``), the schedules' shifts over the coming
weeks (``schedules``) and the on-call catalog in words (``catalog``), recorded as ``oncall``
says, gathered into one ``report`` and said in words (``render``, ``render_oncall``)."""
