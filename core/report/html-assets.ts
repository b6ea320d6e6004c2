/** Inline stylesheet of the review page (no external assets). */
export const REVIEW_CSS = `
:root { --minor: #a86b00; --major: #d9480f; --critical: #c92a2a; --alert: #7048e8; --muted: #868e96; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #212529; background: #f8f9fa; }
header { background: #fff; border-bottom: 1px solid #dee2e6; padding: 12px 20px; position: sticky; top: 0; z-index: 1; }
h1 { font-size: 18px; margin: 0 0 6px; }
h2 { font-size: 16px; margin: 20px 0 8px; }
main { padding: 0 20px 40px; max-width: 1200px; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0; }
.facts div { display: flex; gap: 6px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; font-weight: 600; }
audio { width: 100%; margin-top: 8px; }
.no-audio { color: var(--muted); margin: 8px 0 0; }
ol.findings { list-style: none; padding: 0; margin: 0; }
.finding { background: #fff; border: 1px solid #dee2e6; border-left: 5px solid var(--muted); border-radius: 4px; padding: 8px 12px; margin-bottom: 8px; cursor: pointer; }
.finding:hover, .finding:focus { outline: 2px solid #339af0; }
.finding.sev-minor { border-left-color: var(--minor); }
.finding.sev-major { border-left-color: var(--major); }
.finding.sev-critical { border-left-color: var(--critical); }
.finding.cat-escalation_signal { border-left-color: var(--alert); }
.badge { display: inline-block; color: #fff; border-radius: 3px; padding: 0 6px; font-size: 12px; font-weight: 600; background: var(--muted); }
.badge.sev-minor { background: var(--minor); }
.badge.sev-major { background: var(--major); }
.badge.sev-critical { background: var(--critical); }
.badge.alert { background: var(--alert); }
.time { font-variant-numeric: tabular-nums; color: #495057; }
.rule { font-family: ui-monospace, monospace; font-size: 13px; }
.meta { color: var(--muted); font-size: 13px; }
.evidence { margin: 4px 0 0; }
mark { background: #ffe066; padding: 0 1px; }
.transcript { display: grid; grid-template-columns: 64px 1fr 1fr; gap: 2px 12px; background: #fff; border: 1px solid #dee2e6; border-radius: 4px; padding: 8px; }
.transcript .head { font-weight: 600; color: var(--muted); }
.seg { cursor: pointer; padding: 2px 4px; border-radius: 3px; }
.seg:hover { background: #e7f5ff; }
.seg.agent { grid-column: 2; }
.seg.customer { grid-column: 3; }
.seg.unknown { grid-column: 2 / span 2; font-style: italic; }
.seg.untrusted { color: #adb5bd; }
.seg.untrusted::after { content: " (untrusted)"; font-size: 12px; }
.seg.playing { background: #d0ebff; }
.tcell { grid-column: 1; cursor: pointer; }
.empty { color: var(--muted); }
`;

/**
 * Inline script: clicking (or Enter on) anything with `data-seek-ms` seeks the player there and
 * plays; the segment being played is highlighted.
 */
export const REVIEW_JS = `
(function () {
  var player = document.getElementById('player');
  function seek(el) {
    if (!player) return;
    var ms = Number(el.getAttribute('data-seek-ms'));
    if (!isFinite(ms)) return;
    player.currentTime = ms / 1000;
    var p = player.play();
    if (p && p.catch) p.catch(function () {});
  }
  document.querySelectorAll('[data-seek-ms]').forEach(function (el) {
    el.addEventListener('click', function () { seek(el); });
    el.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); seek(el); } });
  });
  if (player) {
    var segs = Array.prototype.slice.call(document.querySelectorAll('.seg[data-start-ms]'));
    player.addEventListener('timeupdate', function () {
      var ms = player.currentTime * 1000;
      segs.forEach(function (s) {
        var on = ms >= Number(s.getAttribute('data-start-ms')) && ms < Number(s.getAttribute('data-end-ms'));
        s.classList.toggle('playing', on);
      });
    });
  }
})();
`;
