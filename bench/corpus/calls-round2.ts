import { agent, customer, daytime, type CorpusCall, type CorpusTurn } from './types.js';

/**
 * Second-round calls: written on 2026-11-22 as held-out calls after lexicon 2026.11.6, from the
 * seeds' categories only, with their own openings, names and wording. Scored blind, they showed
 * how narrow the lexicons were (base 0.500 / 0.421, small 0.900 / 0.474 against 0.979 / 0.904 on
 * the first 48 calls); lexicon 2026.11.7 filled the gaps they showed, so they are tuning calls now.
 * The held-out calls are in `calls-heldout.ts`.
 */

interface HeldOutParties {
  debtor: string;
  honorific: '先生' | '女士';
  bank: string;
  company: string;
  agent: string;
}

/** A debtor opening phrased unlike `openings.ts`: 这边是 + bank + 委托 + agency, then the check. */
function debtorHello(p: HeldOutParties): CorpusTurn[] {
  return [
    agent(`喂，${p.debtor}${p.honorific}是吧？`),
    customer('对，我是。'),
    agent(`您好，我这里是${p.company}，${p.bank}委托我们跟您联系，我是${p.agent}。`),
  ];
}

/** A third-party opening: the agency and the bank named, then whether the answerer knows the debtor. */
function thirdPartyHello(p: HeldOutParties): CorpusTurn[] {
  return [agent(`您好，我们是${p.bank}委托的${p.company}，请问这是${p.debtor}的电话吗？`)];
}

/** Closing turns, as many pairs as bring the call to the corpus' minimum of eight turns. */
function closed(turns: CorpusTurn[]): CorpusTurn[] {
  const out = [...turns];
  const closings: CorpusTurn[][] = [
    [agent('好的，今天先这样。'), customer('嗯。')],
    [agent('再见。'), customer('再见。')],
  ];
  for (const pair of closings) if (out.length < 8) out.push(...pair);
  return out;
}

const A: HeldOutParties = { debtor: '林涛', honorific: '先生', bank: '交通银行', company: '鼎盛商务咨询公司', agent: '客服小杨' };
const B: HeldOutParties = { debtor: '马丽', honorific: '女士', bank: '平安银行', company: '诚信资产管理公司', agent: '专员小孙' };
const C: HeldOutParties = { debtor: '高峰', honorific: '先生', bank: '建设银行', company: '华信商务服务公司', agent: '调解员小郭' };

export const roundTwoCalls: CorpusCall[] = [
  {
    id: 'ho-01',
    title: 'round 2: contact list threatened as phone calls to everyone in it',
    meta: { startedAt: daytime(2, 50), calleeRole: 'debtor', daysOverdue: 50 },
    turns: closed([
      ...debtorHello(A),
      agent('您这笔分期已经五十天没还了。'),
      customer('我现在手头真的很紧。'),
      agent('你通讯录我们这边都有，今天不还我就一个一个打电话问他们认不认识你。', { expect: ['contact_list_threat'] }),
      customer('你们怎么能这样？'),
      agent('那你就赶紧想办法。'),
    ]),
  },
  {
    id: 'ho-02',
    title: 'round 2: threat to post the debt in the company group chat',
    meta: { startedAt: daytime(3, 50), calleeRole: 'debtor', daysOverdue: 70 },
    turns: closed([
      ...debtorHello(B),
      agent('马女士，您的欠款拖了两个多月了。'),
      customer('我说了下个月发工资就还。'),
      agent('你不还也行，我把你欠钱的事发到你们公司群里，让大家都看看。', { expect: ['contact_list_threat'] }),
      customer('你敢！'),
      agent('那你今天就把钱还上。'),
    ]),
  },
  {
    id: 'ho-03',
    title: 'round 2: a colleague told that the debtor owes on a loan',
    meta: { startedAt: daytime(4, 50), calleeRole: 'unknown' },
    turns: closed([
      ...thirdPartyHello(C),
      customer('这是他办公室电话，我是他同事，他出差了。'),
      agent('麻烦你跟他说一声，他在我们这儿的贷款已经欠了快半年了。', { expect: ['third_party_disclosure'] }),
      customer('这个我不方便管。'),
      agent('好的，谢谢。'),
    ]),
  },
  {
    id: 'ho-04',
    title: 'round 2: a brother told the family has to pay',
    meta: { startedAt: daytime(5, 50), calleeRole: 'unknown' },
    turns: closed([
      ...thirdPartyHello(A),
      customer('我是他哥，他不在这儿住。'),
      agent('你是他哥哥，那他欠的这个钱你们家总得有人出吧。', { expect: ['third_party_collection', 'third_party_disclosure'] }),
      customer('他欠的钱关我什么事？'),
      agent('那你让他自己联系我们。'),
    ]),
  },
  {
    id: 'ho-05',
    title: 'round 2: the agent claims to be from the district court',
    meta: { startedAt: daytime(6, 50), calleeRole: 'debtor', daysOverdue: 100 },
    turns: closed([
      agent('喂，林涛先生是吧？'),
      customer('对，哪位？'),
      agent('我是区法院的工作人员，你的案子下个星期就要开庭了。', { expect: ['impersonation'] }),
      customer('什么案子？我怎么不知道？'),
      agent('你欠交通银行的钱一直不还，自己心里清楚。'),
      customer('我这就去问银行。'),
    ]),
    expectCall: ['missing_identity_statement'],
  },
  {
    id: 'ho-06',
    title: 'round 2: the agent claims the procuratorate',
    meta: { startedAt: daytime(7, 50), calleeRole: 'debtor', daysOverdue: 120 },
    turns: closed([
      ...debtorHello(C),
      agent('高先生，说实话，我们现在是配合检察院在办你这个事。', { expect: ['impersonation'] }),
      customer('检察院？真的假的？'),
      agent('你要是还不配合，后果自己承担。'),
      customer('我明天去银行问一下。'),
    ]),
  },
  {
    id: 'ho-07',
    title: 'round 2: a student threatened with a visit to the school and the teachers',
    meta: { startedAt: daytime(8, 50), calleeRole: 'debtor', isStudent: true, daysOverdue: 35 },
    turns: closed([
      ...debtorHello(B),
      agent('您在我们这儿的分期逾期三十五天了。'),
      customer('我还在上学，没有收入。'),
      agent('你再拖下去，我们直接去你们学校，让你们老师来处理这个事。', { expect: ['student_pressure'] }),
      customer('别去学校，我想办法。'),
    ]),
  },
  {
    id: 'ho-08',
    title: 'round 2: an insult and a veiled threat',
    meta: { startedAt: daytime(9, 50), calleeRole: 'debtor', daysOverdue: 90 },
    turns: closed([
      ...debtorHello(A),
      agent('林先生，您这个钱到底还不还？'),
      customer('能不能先少还一点？'),
      agent('你个骗子，欠钱不还还有脸跟我讲条件？', { expect: ['threat_abuse'] }),
      customer('你怎么骂人呢？'),
      agent('你小心点，别让我在你们小区碰到你。', { expect: ['threat_abuse'] }),
      customer('我要录音了。'),
    ]),
  },
  {
    id: 'ho-09',
    title: 'round 2: cards frozen and the house auctioned',
    meta: { startedAt: daytime(10, 50), calleeRole: 'debtor', daysOverdue: 80 },
    turns: closed([
      ...debtorHello(C),
      agent('高先生，您的账户逾期八十天了。'),
      customer('我知道，最近生意不好。'),
      agent('你再不还，法院马上就会冻结你所有的银行卡，你家房子也要被拍卖。', { expect: ['exaggerated_consequences'] }),
      customer('有这么严重吗？'),
      agent('你自己掂量吧。'),
    ]),
  },
  {
    id: 'ho-10',
    title: 'round 2: a write-off promised without authority',
    meta: { startedAt: daytime(11, 50), calleeRole: 'debtor', daysOverdue: 60 },
    turns: closed([
      ...debtorHello(B),
      agent('马女士，今天能还多少？'),
      customer('最多一千。'),
      agent('你今天先还一千，剩下的我让银行全部给你免掉。', { expect: ['false_promise'] }),
      customer('真的吗？那我现在就还。'),
    ]),
  },
  {
    id: 'ho-11',
    title: 'round 2: the agent dares the customer to complain',
    meta: { startedAt: daytime(12, 50), calleeRole: 'debtor', daysOverdue: 45 },
    turns: closed([
      ...debtorHello(A),
      agent('林先生，您答应昨天还的钱还没到账。'),
      customer('你们再这样天天打，我就去投诉你们。'),
      agent('你想投诉就去投诉，我不怕，投诉了也没用。', { expect: ['complaint_incitement'] }),
      customer('那走着瞧。'),
    ]),
  },
  {
    id: 'ho-12',
    title: "round 2: payment to a colleague's card; borrowing on another card to repay",
    meta: { startedAt: daytime(13, 50), calleeRole: 'debtor', daysOverdue: 40 },
    turns: closed([
      ...debtorHello(C),
      agent('高先生，这期的钱今天要处理掉。'),
      customer('我银行卡被冻结了，转不了。'),
      agent('那你把钱打到我同事的卡上，我等下把卡号发给你。', { expect: ['improper_payment'] }),
      customer('这样可以吗？'),
      agent('要不你用别的信用卡刷出来，先把这期还了。', { expect: ['improper_payment'] }),
      customer('我再想想。'),
    ]),
  },
  {
    id: 'ho-13',
    title: 'round 2: the customer talks of jumping from a building; the agent shouts',
    meta: { startedAt: daytime(14, 50), calleeRole: 'debtor', daysOverdue: 75 },
    turns: closed([
      ...debtorHello(B),
      agent('马女士，您的欠款已经七十五天了。'),
      customer('我真的没钱了。'),
      agent('你听清楚了没有！今天必须还！', { gainDb: 16, expect: ['raised_voice'] }),
      customer('你们再这么逼我，我就从楼上跳下去。', { expect: ['escalation_signal'] }),
      agent('您先冷静一下，我们可以商量。'),
    ]),
  },
  {
    id: 'ho-14',
    title: 'round 2: a call at 21:40 on an ordinary case',
    meta: { startedAt: '2026-11-24T21:40:00+08:00', calleeRole: 'debtor', daysOverdue: 15 },
    expectCall: ['calling_hours'],
    turns: closed([
      ...debtorHello(A),
      agent('提醒您一下，您的账单已经逾期十五天了。'),
      customer('都快十点了你们还打？'),
      agent('抱歉打扰，您看明天能处理吗？'),
      customer('明天吧。'),
    ]),
  },
  {
    id: 'ho-15',
    title: 'round 2 clean: family, court and personal accounts all mentioned the allowed way',
    meta: { startedAt: daytime(15, 50), calleeRole: 'debtor', daysOverdue: 30 },
    turns: closed([
      ...debtorHello(C),
      agent('您的账单逾期三十天了，今天方便处理吗？'),
      customer('你们会不会去找我家里人？'),
      agent('我们不会把您的欠款情况告诉您的家人和朋友。'),
      customer('会不会被起诉？'),
      agent('是否起诉由银行决定，我们这边不是法院，也不是律师。'),
      customer('那我怎么还？'),
      agent('请您通过建设银行官方渠道还款，不要把钱转给任何个人。'),
      customer('好的。'),
    ]),
  },
  {
    id: 'ho-16',
    title: 'round 2 clean: instalment request handled by the book, complaint line given on request',
    meta: { startedAt: daytime(16, 50), calleeRole: 'debtor', daysOverdue: 25 },
    turns: closed([
      ...debtorHello(B),
      agent('马女士，您的分期逾期二十五天了。'),
      customer('能不能给我减免一点利息？'),
      agent('减免需要您向银行申请，结果以银行审核为准，我这边没法承诺。'),
      customer('我对你们的服务不满意，要去哪里反映？'),
      agent('您可以拨打平安银行客服热线反映，我们会配合处理。'),
      customer('好，我先还一部分。'),
      agent('好的，感谢您的配合。'),
    ]),
  },
  {
    id: 'ho-17',
    title: 'round 2 clean: a third party answers; only a call-back message is left',
    meta: { startedAt: daytime(17, 50), calleeRole: 'unknown' },
    turns: closed([
      ...thirdPartyHello(C),
      customer('他是我儿子，他不在家。'),
      agent('好的，阿姨，麻烦您让他有空回个电话，有件事需要他本人处理。'),
      customer('什么事啊？'),
      agent('不好意思，具体情况需要跟他本人说，谢谢您。'),
      customer('行，我跟他说。'),
    ]),
  },
];
