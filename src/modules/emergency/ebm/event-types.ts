/**
 * Event types: GB/T 35561-2017 five-digit codes (digit 1 the class: 1 natural disaster,
 * 2 accident, 3 public health, 4 social security; digits 2–3 the category; 4–5 the
 * subcategory, 00 for the category itself) plus the emergency broadcast extensions
 * (digest "Event types": 50100 air-raid, 60000 announcement, 60100 urgent announcement).
 *
 * The digest anchors 10201 typhoon and 10300 earthquake; flood is 10101 (自然灾害 /
 * 水旱灾害 / 洪水) by the same scheme. Names below are limited to codes we are sure of;
 * any other code is named by its nearest listed ancestor.
 *
 * CAP 1.2 needs category, urgency and certainty, which an EBM does not carry. They are
 * derived here, per class, so the choice sits in one place (see the table comments).
 */
import type { MsgType, Severity } from './ebm.ts';

/** Codes used by name in the code base. */
export const EVENT_TYPE = {
  flood: '10101',
  typhoon: '10201',
  earthquake: '10300',
  airRaid: '50100',
  announcement: '60000',
  urgentAnnouncement: '60100',
} as const;

const NAMES: Record<string, string> = {
  '10000': '自然灾害',
  '10100': '水旱灾害',
  '10101': '洪水',
  '10200': '气象灾害',
  '10201': '台风',
  '10300': '地震灾害',
  '10400': '地质灾害',
  '20000': '事故灾难',
  '30000': '公共卫生事件',
  '40000': '社会安全事件',
  '50000': '防空',
  '50100': '防空警报',
  '60000': '公告',
  '60100': '紧急公告',
};

/** A Chinese name for an event type: its own, else `<nearest ancestor> (<code>)`, else the code. */
export function eventTypeName(code: string): string {
  const own = NAMES[code];
  if (own) return own;
  for (const ancestor of [`${code.slice(0, 3)}00`, `${code.slice(0, 1)}0000`]) {
    const name = NAMES[ancestor];
    if (name) return `${name}（${code}）`;
  }
  return code;
}

/** CAP 1.2 info categories. */
export type CapCategory =
  | 'Geo' | 'Met' | 'Safety' | 'Security' | 'Rescue' | 'Fire' | 'Health' | 'Env' | 'Transport' | 'Infra' | 'CBRNE' | 'Other';

/**
 * CAP category of an event type, by GB/T 35561 category then class:
 * 101 flood & drought and 102 meteorological → Met (CAP: "Meteorological (inc. flood)");
 * 103 earthquake and 104 geological → Geo; other natural disasters → Env;
 * 2 accidents → Safety; 3 public health → Health; 4 social security and 5 air defence →
 * Security; 6 announcements and anything else → Other.
 */
export function capCategoryOf(eventType: string): CapCategory {
  const category = eventType.slice(0, 3);
  if (category === '101' || category === '102') return 'Met';
  if (category === '103' || category === '104') return 'Geo';
  const byClass: Record<string, CapCategory> = { '1': 'Env', '2': 'Safety', '3': 'Health', '4': 'Security', '5': 'Security' };
  return byClass[eventType.slice(0, 1)] ?? 'Other';
}

/**
 * Event type for a CAP alert that has no GB/T 35561 eventCode: the class (x0000) its
 * category belongs to. Coarse on purpose: an operator reviews every imported alert.
 */
export function eventTypeForCapCategory(category: string | undefined): string {
  switch (category) {
    case 'Met':
      return '10200';
    case 'Geo':
    case 'Env':
    case 'Fire':
      return '10000';
    case 'Safety':
    case 'Rescue':
    case 'Transport':
    case 'Infra':
    case 'CBRNE':
      return '20000';
    case 'Health':
      return '30000';
    case 'Security':
      return '40000';
    default:
      return EVENT_TYPE.announcement;
  }
}

/** CAP urgency values. */
export type CapUrgency = 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown';
/** CAP certainty values. */
export type CapCertainty = 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown';

/**
 * CAP urgency: a cancel → Past ("responsive action no longer required"); a broadcast
 * that starts more than a minute after it is sent → Expected; otherwise Immediate
 * (an EBM is played when it arrives).
 */
export function capUrgencyOf(msgType: MsgType, sendTime: Date, startTime: Date): CapUrgency {
  if (msgType === 2) return 'Past';
  return startTime.getTime() - sendTime.getTime() > 60_000 ? 'Expected' : 'Immediate';
}

/**
 * CAP certainty: an earthquake message reports a quake that was detected → Observed;
 * a graded warning (severity 1–4, 预警) forecasts an event → Likely; announcements and
 * ungraded messages → Unknown.
 */
export function capCertaintyOf(eventType: string, severity: Severity): CapCertainty {
  if (eventType.startsWith('103')) return 'Observed';
  if (severity >= 1 && severity <= 4 && !eventType.startsWith('6')) return 'Likely';
  return 'Unknown';
}
