/** The pure scoring core: compile a model once, then score contacts with a given `now`. */
export type {
  BreakdownEntry,
  BreakdownKind,
  BreakdownSection,
  ContactScore,
  ContactTotals,
  DecayApplied,
  EntryInput,
  HistoryEvent,
  ProfileFit,
} from './breakdown.ts';
export { compileModel } from './compile-model.ts';
export type { CompiledModel } from './compiled-model.ts';
export { explainEntry, formatPoints, summarizeScore } from './explain.ts';
export { DAY_MS, type ContactProperties, type PropertyValue } from './hubspot-values.ts';
export { scoreContact, scoreContactTotals } from './score-contact.ts';
export type { ContactHistory, ContactHistoryEntry } from './history-touchpoint.ts';
export { buildUrlMatcher, urlPath } from './page-matching.ts';
