// The style sheet and script inlined into conformance.html. The script only reads the
// page: it counts what the page shows into data attributes on <body> (data-scenarios,
// data-outcomes, ..., data-ready="1"; data-script-error on an error), which the browser
// test checks, and offers a "failures only" filter. No network, no clock, no randomness.
#pragma once

#include <string_view>

namespace lh::report {

inline constexpr std::string_view kPageCss = R"(
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#f6f7f9}
header,main{max-width:1100px;margin:0 auto;padding:0 16px}
header{padding-top:12px}
h1{font-size:22px;margin:8px 0}
h2{font-size:18px;margin:24px 0 8px;border-bottom:1px solid #dde;padding-bottom:4px}
h3{font-size:15px;margin:0 0 4px}
code,pre{font:12px ui-monospace,monospace}
.totals{display:flex;gap:12px;flex-wrap:wrap}
.total{background:#fff;border:1px solid #dde;border-radius:6px;padding:8px 14px}
.total b{font-size:22px}
.ok{color:#1d7a1d}.bad{color:#c62828}.dim{color:#777}
table.matrix{border-collapse:collapse;background:#fff;width:100%}
.matrix td,.matrix th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
.matrix th.ns{background:#eef1f6;font-weight:600}
.matrix td.fn{white-space:nowrap;width:1%}
.matrix td.sum{white-space:nowrap;width:1%;color:#555;text-align:right}
.chip{display:inline-block;margin:1px;padding:1px 6px;border-radius:3px;font:11px ui-monospace,monospace;color:#fff}
.chip.pass{background:#2e8b3a}.chip.fail{background:#c62828}.chip.uncovered{background:#b5b9bf}
.key{margin:6px 0}
.failures li{margin-bottom:10px}
.failures pre{background:#fff5f5;border:1px solid #f1caca;padding:6px;margin:4px 0;white-space:pre-wrap}
article.scenario{background:#fff;border:1px solid #dde;border-left:4px solid #2e8b3a;border-radius:4px;
  padding:8px 12px;margin:10px 0;overflow-x:auto}
article.scenario.failed{border-left-color:#c62828}
.badge{font-size:11px;padding:1px 6px;border-radius:3px;color:#fff;background:#2e8b3a;vertical-align:middle}
.failed .badge{background:#c62828}
.meta{color:#666;font-size:12px;margin:2px 0 6px}
.reasons{color:#c62828;margin:4px 0;white-space:pre-wrap}
.tools{margin:6px 0}
)";

inline constexpr std::string_view kPageJs = R"(
window.addEventListener('error', function (e) {
  document.body.setAttribute('data-script-error', String(e.message || 'error'));
});
(function () {
  var body = document.body;
  function count(selector) { return document.querySelectorAll(selector).length; }
  var scenarios = count('[data-scenario]');
  var failed = count('[data-scenario]:not([data-status="pass"])');
  var outcomes = count('[data-outcome]');
  var covered = count('[data-outcome]:not([data-state="uncovered"])');
  var passing = count('[data-outcome][data-state="pass"]');
  body.setAttribute('data-scenarios', scenarios);
  body.setAttribute('data-scenarios-failed', failed);
  body.setAttribute('data-outcomes', outcomes);
  body.setAttribute('data-outcomes-covered', covered);
  body.setAttribute('data-outcomes-passing', passing);
  body.setAttribute('data-timelines', count('svg.tl[data-lanes]'));
  var only = document.getElementById('only-failed');
  only.addEventListener('change', function () {
    document.querySelectorAll('[data-scenario]').forEach(function (el) {
      el.hidden = only.checked && el.getAttribute('data-status') === 'pass';
    });
  });
  document.getElementById('shown').textContent =
      scenarios + ' scenarios, ' + outcomes + ' outcomes on this page';
  body.setAttribute('data-ready', '1');
})();
)";

}  // namespace lh::report
