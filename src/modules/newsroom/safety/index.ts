/**
 * Content safety for the newsroom: sensitive words (block / review), typo-prone pairs and
 * banned links, with UTF-16 offsets for the editor. See README.md in this folder.
 */
export {
  SafetyChecker,
  type SafetyCheckerStats,
  type SafetyDictionary,
  type SafetyFinding,
  type SafetyLevel,
  type SafetyRules,
  type SensitiveWordEntry,
  type TypoPair,
} from './checker.ts';
export { compile, Automaton, type AutomatonStats, type FoldOptions, type MatchHandler, type WordEntry, type WordMatch } from './automaton.ts';
export { BannedHosts, findLinks, type FoundLink } from './links.ts';
