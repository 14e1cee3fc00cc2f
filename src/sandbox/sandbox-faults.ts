import type { RequestHandler } from 'express';
import { defaultFailureBody, errorBody, rateLimitBody } from './hubspot-responses.ts';

/**
 * Fault injection for tests of what HubSpot does on a bad day: requests that never answer,
 * refusals (429 storms, 5xx bursts), and 207 batch reads that fail some ids. Rules are held by
 * the account (`account.hang`, `account.fail`, `account.partialBatchRead`); each is used up
 * after `times` matching requests (`Infinity`: for good).
 */

/** Which requests a rule applies to: a method (any by default) and a path, exact or a RegExp. */
export interface RequestMatch {
  method?: string | undefined;
  path?: string | RegExp | undefined;
}

export interface HangRule extends RequestMatch {
  path: string | RegExp;
  times: number;
}

export interface FailRule extends RequestMatch {
  status: number;
  times: number;
  /** Sent as `Retry-After`; a 429 without it says 1 second. */
  retryAfterSeconds?: number | undefined;
  /** HubSpot's body for the status by default (policyName on a 429, the error shape on a 5xx). */
  body?: unknown;
}

export interface PartialBatchReadRule {
  /** Contacts that fail whenever a batch read names them, while the rule lasts. */
  ids: string[];
  /** Batch reads naming at least one of the ids that get the 207. */
  times: number;
  /** HubSpot's category of the failed inputs (default VALIDATION_ERROR). */
  category?: string | undefined;
  message?: string | undefined;
}

/** Counted rules: `times` goes down with each request the rule served. */
export class FaultRules<Rule extends { times: number }> {
  private readonly rules: Rule[] = [];

  add(rule: Rule): void {
    if (!(rule.times >= 1)) throw new RangeError('a fault needs times >= 1 (or Infinity)');
    this.rules.push({ ...rule });
  }

  /** The first rule that applies, used once. */
  take(applies: (rule: Rule) => boolean): Rule | undefined {
    const index = this.rules.findIndex(applies);
    if (index < 0) return undefined;
    const rule = this.rules[index]!;
    rule.times -= 1;
    if (rule.times <= 0) this.rules.splice(index, 1);
    return rule;
  }

  clear(): void {
    this.rules.length = 0;
  }

  get size(): number {
    return this.rules.length;
  }
}

export function matches(rule: RequestMatch, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) {
    return false;
  }
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? rule.path === path : rule.path.test(path);
}

export function failureBody(rule: FailRule): unknown {
  if (rule.body !== undefined) return rule.body;
  if (rule.status === 429) return rateLimitBody('TEN_SECONDLY_ROLLING');
  if (rule.status >= 500) {
    return errorBody('INTERNAL_ERROR', 'internal error', { status: 'error' });
  }
  return defaultFailureBody(rule.status);
}

export interface SandboxFaults {
  hangs: FaultRules<HangRule>;
  fails: FaultRules<FailRule>;
}

/**
 * Before the rate limit, as HubSpot's own failures are: a hung request is held open (logged
 * with status 0 once the client gives up or the sandbox closes); a failing one gets its status.
 */
export function injectedFaults(faults: SandboxFaults): RequestHandler {
  return (req, res, next) => {
    if (faults.hangs.take((rule) => matches(rule, req.method, req.path))) return;
    const failure = faults.fails.take((rule) => matches(rule, req.method, req.path));
    if (!failure) return next();
    const retryAfter = failure.retryAfterSeconds ?? (failure.status === 429 ? 1 : undefined);
    if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
    res.status(failure.status).json(failureBody(failure));
  };
}
