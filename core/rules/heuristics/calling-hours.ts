import type { DraftFinding, HeuristicInput } from './types.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock time of an instant in a time zone: seconds since local midnight and `YYYY-MM-DD HH:MM`. */
export function localTime(instantMs: number, timeZone: string): { secondOfDay: number; label: string } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instantMs)) parts[p.type] = p.value;
  const h = Number(parts['hour']);
  const m = Number(parts['minute']);
  const s = Number(parts['second']);
  return {
    secondOfDay: h * 3600 + m * 60 + s,
    label: `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}`,
  };
}

function toSeconds(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 3600 + Number(m) * 60;
}

/**
 * `calling_hours`: the call's start (`meta.startedAt`, ISO 8601 with offset) converted to the
 * policy's time zone lies outside the permitted window — the student window when the callee is a
 * student. The window is closed: 08:00:00 and 21:00:00 are inside, 21:00:01 is not. No
 * `startedAt` (or an unparsable one) → no finding: the rule cannot be judged.
 */
export function detectCallingHours({ ctx, policy }: HeuristicInput): DraftFinding[] {
  const startedAt = ctx.meta.startedAt;
  if (startedAt === undefined) return [];
  const instantMs = Date.parse(startedAt);
  if (Number.isNaN(instantMs)) return [];
  const kind = ctx.isStudent ? 'student' : 'general';
  const window = policy.callingHours[kind];
  const local = localTime(instantMs, policy.timeZone);
  const inside = local.secondOfDay >= toSeconds(window.start) && local.secondOfDay <= toSeconds(window.end);
  if (inside) return [];
  return [
    {
      ruleId: ctx.isStudent ? 'hours.student_window' : 'hours.general_window',
      category: 'calling_hours',
      severity: 'minor',
      source: 'metadata',
      speaker: 'agent',
      startMs: 0,
      endMs: 0,
      evidence: `startedAt ${startedAt} = ${local.label} ${policy.timeZone}`,
      confidence: 1,
      penaltyClass: 'QA-G',
      detail: `call started ${local.label} (${policy.timeZone}), outside the ${kind} window ${window.start}–${window.end} of policy ${policy.name}`,
    },
  ];
}
