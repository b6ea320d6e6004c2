import { agent, customer, type CorpusTurn } from './types.js';

/** Who is calling, for whom, and whom: the parts every opening is made of. */
export interface Parties {
  /** Debtor's full name, e.g. 张伟. */
  debtor: string;
  /** 先生 or 女士. */
  honorific: '先生' | '女士';
  bank: string;
  company: string;
  /** The agent's surname, e.g. 王. */
  agentSurname: string;
  /** Job number in characters, e.g. 三七二一. */
  jobNumber: string;
}

const surname = (p: Parties): string => p.debtor.slice(0, 1);

/**
 * A compliant debtor opening: greeting, right-party check, the debtor confirms, then the agent's
 * identity statement (受/接受 XX银行 委托的 XX公司). Three phrasings, chosen by `variant`.
 */
export function debtorOpening(p: Parties, variant: number): CorpusTurn[] {
  const who = `${surname(p)}${p.honorific}`;
  switch (variant % 3) {
    case 0:
      return [
        agent(`您好，请问是${p.debtor}${p.honorific}本人吗？`),
        customer('对，是我，什么事？'),
        agent(`${who}您好，我是受${p.bank}委托的${p.company}的工作人员，我姓${p.agentSurname}，工号${p.jobNumber}。`),
      ];
    case 1:
      return [
        agent(`喂，您好，这里是${p.company}，请问您是${p.debtor}吗？`),
        customer('是我，你哪位？'),
        agent(`我这边是接受${p.bank}委托的${p.company}，我是专员小${p.agentSurname}，工号${p.jobNumber}。`),
      ];
    default:
      return [
        agent(`您好，为了保护您的隐私，请问您是${p.debtor}本人吗？`),
        customer('嗯，我就是。'),
        agent(`${who}您好，我们是受${p.bank}委托的${p.company}，我是小${p.agentSurname}。`),
      ];
  }
}

/** A compliant third-party opening: the agent says who he is, then asks whether the answerer knows the debtor. */
export function thirdPartyOpening(p: Parties, variant: number): CorpusTurn[] {
  if (variant % 2 === 0) {
    return [agent(`您好，我是受${p.bank}委托的${p.company}的工作人员，请问您认识${p.debtor}吗？`)];
  }
  return [agent(`喂，您好，我这边是接受${p.bank}委托的${p.company}，想找一下${p.debtor}，请问方便接电话吗？`)];
}
