/**
 * Rules about leaders' names (领导人排序与职务): where several leaders are named in one
 * sentence they must appear in protocol order, and a title written next to a name must
 * be that leader's title. Both produce `review` findings: a reviewer decides.
 */

export interface Leader {
  name: string;
  title: string;
  /** 1 = first in protocol order. */
  rank: number;
}

export interface LeaderFinding {
  rule: 'leader_order' | 'leader_title';
  start: number;
  end: number;
  level: 'review';
  category: '领导人';
  word: string;
  suggestion: string;
}

const SENTENCE_END = /[。！？!?；;\n]/;
/** How far from a name a title is looked for (characters). */
const TITLE_WINDOW = 8;

interface Hit {
  leader: Leader;
  start: number;
  end: number;
}

function findNames(text: string, leaders: readonly Leader[]): Hit[] {
  const hits: Hit[] = [];
  for (const leader of leaders) {
    if (!leader.name) continue;
    for (let i = text.indexOf(leader.name); i >= 0; i = text.indexOf(leader.name, i + leader.name.length)) {
      hits.push({ leader, start: i, end: i + leader.name.length });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

function sentenceOf(text: string, at: number): number {
  let n = 0;
  for (let i = 0; i < at; i++) if (SENTENCE_END.test(text[i]!)) n++;
  return n;
}

/** Checks order and titles; a small list (tens of leaders) makes indexOf the right tool. */
export function checkLeaders(text: string, leaders: readonly Leader[]): LeaderFinding[] {
  if (!leaders.length || !text) return [];
  const hits = findNames(text, leaders);
  const findings: LeaderFinding[] = [];
  const bySentence = new Map<number, Hit[]>();
  for (const h of hits) {
    const s = sentenceOf(text, h.start);
    bySentence.set(s, [...(bySentence.get(s) ?? []), h]);
  }
  for (const group of bySentence.values()) {
    const seen = new Set<string>();
    const firsts = group.filter((h) => !seen.has(h.leader.name) && seen.add(h.leader.name));
    for (let i = 1; i < firsts.length; i++) {
      const prev = firsts[i - 1]!;
      const cur = firsts[i]!;
      if (cur.leader.rank < prev.leader.rank) {
        findings.push({
          rule: 'leader_order', start: cur.start, end: cur.end, level: 'review', category: '领导人', word: cur.leader.name,
          suggestion: `${cur.leader.name}（${cur.leader.title}）应排在${prev.leader.name}（${prev.leader.title}）之前`,
        });
      }
    }
  }
  const titles = [...new Set(leaders.map((l) => l.title).filter(Boolean))].sort((a, b) => b.length - a.length);
  for (const h of hits) {
    const before = text.slice(Math.max(0, h.start - TITLE_WINDOW), h.start);
    const after = text.slice(h.end, h.end + TITLE_WINDOW);
    const near = titles.find((t) => after.startsWith(t) || before.endsWith(t));
    if (near && near !== h.leader.title) {
      findings.push({ rule: 'leader_title', start: h.start, end: h.end, level: 'review', category: '领导人', word: h.leader.name, suggestion: `${h.leader.name}的职务是${h.leader.title}，不是${near}` });
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}
