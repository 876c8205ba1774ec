"""What a change (a pull request) does to the incidents: two versions of the repository, read
from git without touching the working tree (``versions``), compared document by document
(``compare``), and said in words (``render``)."""
