"""Output GitHub Actions cannot read as a workflow command: the escapers and the line guard."""

from __future__ import annotations

import io

from incidentkit import ghactions


def test_workflow_data_and_properties() -> None:
    assert ghactions.escape_workflow_data("50% done\r\nnext\x1b[0m") == (
        "50%25 done%0D%0Anext\\x1b[0m")
    assert ghactions.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert ghactions.one_line("tab\tstays") == "tab\tstays"


def test_defuse_keeps_intended_commands() -> None:
    intended = ghactions.command("::warning file=a.yaml::ok")
    assert [ghactions.defuse(line) for line in ("  ::error ::y", "##[group]z", intended)] == [
        "  \\::error ::y", "##\\[group]z", intended]
    assert ghactions.defuse("no ::command here") == "no ::command here"


def test_the_guard_waits_for_a_whole_line() -> None:
    out = io.StringIO()
    guard = ghactions._Guard(out)
    guard.write("::err")
    guard.write("or ::x\r")  # a last \r may be half of \r\n
    assert out.getvalue() == ""
    guard.write("\n::add-mask::s")
    assert out.getvalue() == "\\::error ::x\r\n"
    guard.flush()  # a prompt shows at once; the rest of its line is not a line start
    guard.write(" ::stop-commands:: ##[x]\n")
    assert out.getvalue() == ("\\::error ::x\r\n\\::add-mask::s ::stop-commands:: ##\\[x]\n")
    assert guard.writable() and guard.encoding == "utf-8"
