/**
 * Matching under phone-ASR damage, found by the detection benchmark: sentences cut in two by the
 * VAD, garbled mandate words, a lost opening, look-alikes that must stay silent. The sentences
 * here are written for the tests, not taken from the benchmark corpus.
 */
import { describe, expect, it } from "vitest";
import type { CalleeRole } from "../../../core/domain/call-meta.js";
import type { Speaker, Transcript } from "../../../core/domain/transcript.js";
import {
  detectMissingIdentity,
  openingUnreliable,
} from "../../../core/rules/heuristics/missing-identity.js";
import { ruleContextFromMeta } from "../../../core/rules/context.js";
import { getPolicy, loadPolicySet } from "../../../core/rules/policy/index.js";
import {
  compileLexiconSet,
  loadLexiconSet,
  runLexiconRules,
} from "../../../core/rules/lexicon/index.js";

const compiled = compileLexiconSet(loadLexiconSet());
const policy = getPolicy(loadPolicySet(), "default");

type Turn = [Speaker, string, number?];
/** Turns 3 s apart (2.5 s long) unless a turn gives its own start. */
function transcript(turns: Turn[]): Transcript {
  let t = 0;
  const segments = turns.map(([speaker, text, startMs]) => {
    const s = startMs ?? t;
    t = s + 3000;
    return { speaker, text, startMs: s, endMs: s + 2500 };
  });
  return { callId: "asr", durationMs: t, segments };
}
function run(turns: Turn[], role: CalleeRole = "debtor") {
  const ctx = {
    meta: {},
    calleeRole: role,
    isStudent: false,
    daysOverdue: 30,
    accountClass: undefined,
  };
  return runLexiconRules(compiled, transcript(turns), ctx);
}
const cats = (r: ReturnType<typeof run>) => r.findings.map((f) => f.category);

describe("a sentence the VAD cut in two", () => {
  it("is read across the cut: the contact-list threat spans both agent segments", () => {
    const r = run([
      ["agent", "你要是再不处理,你手机里的"],
      ["agent", "联系人我们这边都有", 2600],
    ]);
    const f = r.findings.filter((x) => x.category === "contact_list_threat");
    expect(f.length).toBeGreaterThan(0);
    // Each hit needs both halves: it starts in the first segment and ends in the second.
    for (const x of f) {
      expect(x.startMs).toBeLessThan(2500);
      expect(x.endMs).toBeGreaterThan(2600);
    }
    expect(run([["agent", "你要是再不处理,你手机里的"]]).findings).toEqual([]);
    expect(run([["agent", "联系人我们这边都有"]]).findings).toEqual([]);
  });

  it("is not joined across the other speaker, nor across a long pause", () => {
    expect(
      cats(
        run([
          ["agent", "你要是再不处理,你手机里的"],
          ["customer", "什么"],
          ["agent", "联系人的事我们再说"],
        ]),
      ),
    ).not.toContain("contact_list_threat");
    expect(
      cats(
        run([
          ["agent", "你要是再不处理,你手机里的"],
          ["agent", "联系人的事我们再说", 6000],
        ]),
      ),
    ).not.toContain("contact_list_threat");
  });

  it("does not repeat a rule one half already raised", () => {
    const r = run([
      ["agent", "我们会打电话给你通讯录里的人"],
      ["agent", "通讯录我们都有", 2600],
    ]);
    const perSegment = r.findings.filter(
      (x) => x.ruleId === "contact_list.forbidden_word",
    );
    expect(perSegment.every((x) => x.startMs >= 2600 || x.endMs <= 2500)).toBe(
      true,
    );
  });

  it("finds the identity statement split over two segments", () => {
    const r = run([
      ["agent", "我是民生银行委托的"],
      ["agent", "安达资产管理公司的工作人员", 2700],
    ]);
    expect(r.identityStatements).toHaveLength(1);
  });
});

describe("identity statement under recognition noise", () => {
  it.each([
    "我是受建设银行伟拖的信达公司",
    "我这边是接受光大银行伪拖的",
    "我是受兴业银行为何的华融公司的工作人员",
  ])('"%s" states the mandate', (text) => {
    expect(run([["agent", text]]).identityStatements).toHaveLength(1);
  });
  it.each(["您的征信已经受影响了,银行会上报", "我受够了,你们公司天天打电话"])(
    '"%s" does not',
    (text) => {
      expect(run([["agent", text]]).identityStatements).toEqual([]);
    },
  );
});

describe("missing_identity_statement needs a heard opening", () => {
  const base = (segments: Transcript["segments"]): Transcript => ({
    callId: "o",
    durationMs: 60_000,
    segments,
  });
  const noStatement = (segments: Transcript["segments"]) =>
    detectMissingIdentity(
      { transcript: base(segments), ctx: ruleContextFromMeta({}), policy },
      [],
    );

  it("fires on a clean opening without a statement", () => {
    const segs = [
      {
        speaker: "agent" as const,
        startMs: 0,
        endMs: 3000,
        text: "您好,请问是张先生本人吗",
      },
      {
        speaker: "agent" as const,
        startMs: 5000,
        endMs: 8000,
        text: "您的账单已经逾期二十天了",
      },
    ];
    expect(openingUnreliable(segs)).toBe(false);
    expect(noStatement(segs)).toHaveLength(1);
  });
  it("stays silent when the recogniser looped over the opening", () => {
    const segs = [
      {
        speaker: "agent" as const,
        startMs: 0,
        endMs: 3000,
        text: "您好,请问是张先生本人吗",
      },
      {
        speaker: "agent" as const,
        startMs: 5000,
        endMs: 6000,
        text: "先生本人张先生",
      },
      {
        speaker: "agent" as const,
        startMs: 6000,
        endMs: 7000,
        text: "先生本人张先生",
      },
    ];
    expect(noStatement(segs)).toEqual([]);
  });
  it("stays silent when the opening holds untrusted text", () => {
    const segs: Transcript["segments"] = [
      {
        speaker: "agent",
        startMs: 0,
        endMs: 3000,
        text: "您好,请问是张先生本人吗",
      },
      {
        speaker: "agent",
        startMs: 5000,
        endMs: 9000,
        text: "哈哈哈哈哈哈哈哈哈哈哈哈",
        trusted: false,
        untrustedReason: "repetition",
      },
      {
        speaker: "agent",
        startMs: 40_000,
        endMs: 44_000,
        text: "您的账单已经逾期二十天了",
      },
    ];
    expect(noStatement(segs)).toEqual([]);
    // A stock hallucination over silence hides no speech: the absence still counts.
    segs[1] = {
      ...segs[1]!,
      text: "谢谢观看",
      untrustedReason: "hallucination",
    };
    expect(noStatement(segs)).toHaveLength(1);
  });
  it("stays silent when the recogniser mostly guessed the opening (log-probability below the policy's bound)", () => {
    // Off in the default policy (measured: no gain); a profile that sets it.
    expect(policy.identityStatement?.minOpeningLogprob).toBeUndefined();
    const bound = -1;
    const withBound = { ...policy, identityStatement: { minOpeningLogprob: bound } };
    const noStatementUnder = (segments: Transcript["segments"]) =>
      detectMissingIdentity({ transcript: base(segments), ctx: ruleContextFromMeta({}), policy: withBound }, []);
    const opening = (lp: number | undefined): Transcript["segments"] => [
      { speaker: "agent", startMs: 0, endMs: 3000, text: "为您好请问市张先生吧", ...(lp === undefined ? {} : { asrLogprob: lp }) },
      { speaker: "agent", startMs: 4000, endMs: 9000, text: "我去成通信七十五公尺的我信光", ...(lp === undefined ? {} : { asrLogprob: lp }) },
      { speaker: "customer", startMs: 9500, endMs: 11_000, text: "你说吧", asrLogprob: -2 },
      { speaker: "agent", startMs: 40_000, endMs: 44_000, text: "您的账单已经逾期二十天了", asrLogprob: -3 },
    ];
    expect(noStatementUnder(opening(bound - 0.1))).toEqual([]);
    expect(noStatementUnder(opening(bound + 0.1))).toHaveLength(1);
    expect(noStatement(opening(bound - 0.1))).toHaveLength(1);
    // Without log-probabilities (a transcript from elsewhere) the absence is judged as before;
    // neither the customer's words nor the agent's after the opening weigh in.
    expect(noStatementUnder(opening(undefined))).toHaveLength(1);
  });
});

describe("look-alikes and negation", () => {
  it("垃圾 before an amount or without a person is no insult; 你个垃圾 is", () => {
    expect(cats(run([["agent", "垃圾3200元,您核对一下"]]))).not.toContain(
      "threat_abuse",
    );
    expect(cats(run([["agent", "利息给你全面垃圾"]]))).not.toContain(
      "threat_abuse",
    );
    expect(cats(run([["agent", "借钱不还,你个垃圾"]]))).toContain(
      "threat_abuse",
    );
  });

  it.each([
    "我们不会联系你的同讯录",
    "我们不会联系你的通讯路",
    "我们绝对不会打你通讯录里的电话",
  ])('negation cancels a pinyin or variant hit: "%s"', (text) => {
    expect(cats(run([["agent", text]]))).not.toContain("contact_list_threat");
  });

  it("a customer complaint threat is not an escalation signal; imprisonment of the debtor is", () => {
    expect(cats(run([["customer", "我要投诉你的,我要打12378"]]))).not.toContain(
      "escalation_signal",
    );
    expect(
      cats(run([["customer", "我就晚了几天,怎么就做劳了"]])),
    ).not.toContain("escalation_signal");
    expect(cats(run([["customer", "我是他姐姐,他在做牢,判了三年"]]))).toContain(
      "escalation_signal",
    );
  });
});

describe("right party under recognition noise", () => {
  const role = (reply: string) =>
    run(
      [
        ["agent", "您好,请问是张三先生本人吗"],
        ["customer", reply],
      ],
      "unknown",
    ).calleeRole;
  it.each(["嗯我就吃", "对是我呀", "是的是的"])(
    'a short yes heard badly still verifies: "%s"',
    (reply) => expect(role(reply)).toBe("debtor"),
  );
  it.each(["对他出去了", "嗯你哪位", "是我他朋友"])(
    'but not a reply about someone else or a question: "%s"',
    (reply) => expect(role(reply)).not.toBe("debtor"),
  );
});
