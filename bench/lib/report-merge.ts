/**
 * A bench run that measured only some sections (`--only analysis`, or any run on a fresh clone,
 * whose results cache is empty) must not wipe the others from `BENCHMARKS.md`: every section
 * already says when it was measured, so the committed text of a section this run has no results
 * for stays as it was, and so does its row of the targets table.
 */

const TARGETS_HEADING = '## Targets';
const NOT_MEASURED = '| not measured |';

interface Section {
  heading: string;
  text: string;
}

/** The text before the first `## ` heading, and the sections from there on (heading line included). */
function split(markdown: string): { preamble: string; sections: Section[] } {
  const parts = markdown.split(/^(?=## )/m);
  const preamble = parts[0]!.startsWith('## ') ? '' : parts.shift()!;
  return { preamble, sections: parts.map((text) => ({ heading: text.slice(0, text.indexOf('\n') >>> 0).trim(), text })) };
}

/** Table rows by their first cell. */
function rowsByLabel(text: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of text.split('\n')) {
    const label = /^\|([^|]+)\|/.exec(line)?.[1]?.trim();
    if (label) rows.set(label, line);
  }
  return rows;
}

/** The targets table of `rendered`, its unmeasured rows taken from `previous` where it has them. */
function mergeTargets(rendered: string, previous: string): string {
  const before = rowsByLabel(previous);
  return rendered
    .split('\n')
    .map((line) => {
      if (!line.trimEnd().endsWith(NOT_MEASURED)) return line;
      const label = /^\|([^|]+)\|/.exec(line)?.[1]?.trim();
      const old = label === undefined ? undefined : before.get(label);
      return old !== undefined && !old.trimEnd().endsWith(NOT_MEASURED) ? old : line;
    })
    .join('\n');
}

/**
 * `rendered` (this run's BENCHMARKS.md, holding only sections it has results for) with the
 * sections of `previous` it lacks put back where they stood, and its unmeasured target rows
 * filled from `previous`. Sections this run rendered replace their old text whole.
 */
export function keepUnmeasured(rendered: string, previous: string | undefined): string {
  if (!previous) return rendered;
  const now = split(rendered);
  const old = split(previous);
  const out = [...now.sections];
  const has = (heading: string): boolean => out.some((s) => s.heading === heading);
  old.sections.forEach((section, i) => {
    if (has(section.heading)) return;
    // After the nearest earlier section of the old file that the new one has; first if none.
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const k = out.findIndex((s) => s.heading === old.sections[j]!.heading);
      if (k >= 0) {
        at = k + 1;
        break;
      }
    }
    out.splice(at, 0, section);
  });
  const oldTargets = old.sections.find((s) => s.heading === TARGETS_HEADING);
  const merged = out.map((s) => (s.heading === TARGETS_HEADING && oldTargets ? mergeTargets(s.text, oldTargets.text) : s.text));
  return `${[now.preamble.trim(), ...merged.map((t) => t.trim())].filter(Boolean).join('\n\n')}\n`;
}
