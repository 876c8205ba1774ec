"""The MkDocs plugin's HTML cleaning (nh3): scripts and script links go, our markup stays."""

from __future__ import annotations

from incidentkit.site.sanitize import page_html


def test_script_handlers_and_script_links_are_removed() -> None:
    html = ('<p><a href="javascript:alert(1)">a</a> <a href=" JaVaScRiPt:alert(1)">b</a> '
            '<a href="&#106;avascript:alert(1)">c</a> <a href="java\tscript:alert(1)">d</a> '
            '<img src="x" onerror="alert(1)"> <img src="data:image/svg+xml,x" alt="e"></p>'
            '<script>alert(1)</script><style>p{}</style><iframe src="/"></iframe>'
            '<p style="color:red" onclick="alert(1)">f</p>')
    assert page_html(html, "handbook/x.md") == (
        '<p><a>a</a> <a>b</a> <a>c</a> <a>d</a> <img src="x"> <img alt="e"></p><p>f</p>')


def test_markup_of_our_pages_and_extensions_is_kept() -> None:
    html = ('<h2 id="roles">Roles<a class="headerlink" href="#roles" title="Permanent link">'
            '¶</a></h2>\n<div class="admonition note"><p class="admonition-title">Note</p></div>'
            '<table><thead><tr><th align="left">a</th></tr></thead><tbody><tr><td>'
            '<a href="../2026/x.md">x</a> <a href="https://example.com/?a=1&amp;b=2">y</a> '
            '<a href="mailto:a@example.com">z</a></td></tr></tbody></table>'
            '<form class="ik-filters" hidden><label>Severity <select data-filter="Severity">'
            '<option value="">all</option></select></label><output class="ik-count"></output>'
            '</form><span class="ik-day ik-day--major" title="2026-01-15: major"></span>'
            '<div class="highlight"><pre><span></span><code><span class="n">x</span></code></pre>'
            '</div><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
            '<path d="M12 8"></path></svg>')
    assert page_html(html, "incidents/index.md") == html.replace(" hidden>", " hidden=\"\">")


def test_only_the_metrics_page_keeps_chart_styles() -> None:
    chart = ('<figure class="ik-chart"><svg class="pygal-chart" viewBox="0 0 10 10">'
             '<style>.a{fill:red}</style><g class="a" style="x"><text x="1">t</text></g>'
             '</svg></figure>')
    assert page_html(chart, "metrics/index.md") == chart
    assert page_html(chart, "handbook/x.md") == (
        '<figure class="ik-chart"><svg class="pygal-chart" viewBox="0 0 10 10">'
        '<g class="a"><text x="1">t</text></g></svg></figure>')


def test_a_chart_keeps_its_name_and_its_target_line() -> None:
    chart = ('<figure class="ik-chart"><svg role="img" aria-labelledby="chart-a-caption" '
             'viewBox="0 0 10 10"><g class="series ik-target"><title>Target</title>'
             '<path d="M0 5 L10 5" stroke-dasharray="14,6"></path><text x="10" y="4" '
             'text-anchor="end" font-size="14" font-family="Roboto, sans-serif">Target</text>'
             '</g></svg><figcaption id="chart-a-caption">A</figcaption><details><summary>F'
             '</summary><table><thead><tr><th scope="col">M</th></tr></thead></table></details>'
             '</figure>')
    for path in ("metrics/index.md", "handbook/x.md"):
        assert page_html(chart, path) == chart


def test_the_on_call_pages_keep_only_the_places_of_timeline_pieces() -> None:
    piece = ('<span class="ik-tl-seg ik-tl-p0" style="left:34.783%;width:65.217%" '
             'data-start="2026-03-29T07:00:00Z"><time datetime="2026-03-29T07:00:00Z">09:00'
             '</time></span>')
    assert page_html(piece, "oncall/dst.md") == piece
    assert page_html(piece, "handbook/x.md") == piece.replace(
        ' style="left:34.783%;width:65.217%"', "")
    other = ('<span style="left:1%;width:2%;background:url(https://x.example/)">a</span>'
             '<span style="position:fixed">b</span><div style="left:1%;width:2%">c</div>'
             '<p style="left:1%;width:2%">d</p>')
    assert page_html(other, "oncall/dst.md") == (
        "<span>a</span><span>b</span><div>c</div><p>d</p>")
