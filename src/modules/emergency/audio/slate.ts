/**
 * The drill slate. A drill (MsgType 3, 4, 5) must sound different from a real alert
 * from its first second to its last (Hawaii 2018: a drill heard as real), so its audio
 * begins and ends with a spoken slate and the text terminals show starts with 【演习】.
 * Real sends carry neither.
 */
import { isDrill, type MsgType } from '../ebm/index.ts';

/** Spoken before and after a drill's message. */
export const DRILL_SLATE = '演习，演习。这是一次应急广播演练，不是真实预警。';

/** Put in front of a drill's text on terminal screens. */
export const DRILL_MARK = '【演习】';

/** True for MsgType 3, 4 and 5. */
export function isDrillType(msgType: number): boolean {
  return isDrill(msgType as MsgType);
}

/** The words to speak: the text, framed by the slate for a drill. */
export function spokenScript(text: string, msgType: number): string {
  const body = text.trim();
  return isDrillType(msgType) ? `${DRILL_SLATE}\n${body}\n${DRILL_SLATE}` : body;
}

/** Does a TTS script begin and end with the slate (was it spoken for a drill)? */
export function hasSlate(script: string): boolean {
  return script.startsWith(DRILL_SLATE) && script.endsWith(DRILL_SLATE);
}

/** The text terminals show: marked 【演习】 for a drill (once, even if the author typed it). */
export function shownText(text: string, msgType: number): string {
  return isDrillType(msgType) && !text.startsWith(DRILL_MARK) ? `${DRILL_MARK}${text}` : text;
}
