import type { SandboxProperty } from './contact-properties.ts';

export interface SearchFilter {
  propertyName: string;
  operator: string;
  value?: string | undefined;
  values?: string[] | undefined;
  highValue?: string | undefined;
}

export type SearchSort = string | { propertyName: string; direction?: string | undefined };

export const SEARCH_OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;

type Definitions = ReadonlyMap<string, SandboxProperty>;

/** Numbers compare as numbers, dates as instants (epoch ms or ISO), text without case. */
function comparable(definitions: Definitions, name: string, raw: string): number | string {
  const type = definitions.get(name)?.type;
  if (type === 'number') return Number(raw);
  if (type === 'datetime' || type === 'date') {
    return /^-?\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  }
  return raw.toLowerCase();
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function tokenMatches(stored: string, pattern: string): boolean {
  const wanted = pattern.toLowerCase();
  if (wanted.includes('*')) {
    const escaped = wanted.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    return new RegExp(`^${escaped}$`).test(stored.toLowerCase());
  }
  return stored
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .includes(wanted);
}

export function matchesFilter(
  definitions: Definitions,
  properties: Record<string, string>,
  filter: SearchFilter,
): boolean {
  const stored = properties[filter.propertyName];
  const has = stored !== undefined && stored !== '';
  const key = (raw: string) => comparable(definitions, filter.propertyName, raw);
  const values = (filter.values ?? []).map(key);
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    // HubSpot's negative filters also match records without the property.
    case 'NEQ':
      return !has || compare(key(stored), key(filter.value ?? '')) !== 0;
    case 'NOT_IN':
      return !has || !values.some((v) => compare(key(stored), v) === 0);
    case 'NOT_CONTAINS_TOKEN':
      return !has || !tokenMatches(stored, filter.value ?? '');
  }
  if (!has) return false;
  const mine = key(stored);
  const other = key(filter.value ?? '');
  switch (filter.operator) {
    case 'EQ':
      return compare(mine, other) === 0;
    case 'LT':
      return compare(mine, other) < 0;
    case 'LTE':
      return compare(mine, other) <= 0;
    case 'GT':
      return compare(mine, other) > 0;
    case 'GTE':
      return compare(mine, other) >= 0;
    case 'BETWEEN':
      return compare(mine, other) >= 0 && compare(mine, key(filter.highValue ?? '')) <= 0;
    case 'IN':
      return values.some((v) => compare(mine, v) === 0);
    case 'CONTAINS_TOKEN':
      return tokenMatches(stored, filter.value ?? '');
    default:
      return false;
  }
}

/** Filter groups are ORed, the filters inside a group ANDed; no groups matches everything. */
export function matchesSearch(
  definitions: Definitions,
  properties: Record<string, string>,
  filterGroups: readonly { filters: readonly SearchFilter[] }[],
): boolean {
  if (filterGroups.length === 0) return true;
  return filterGroups.some((group) =>
    group.filters.every((filter) => matchesFilter(definitions, properties, filter)),
  );
}

/** The free-text `query` looks in the default searchable text properties. */
export function matchesQuery(properties: Record<string, string>, query: string | undefined) {
  if (!query) return true;
  const wanted = query.toLowerCase();
  return ['firstname', 'lastname', 'email', 'phone', 'company'].some((name) =>
    (properties[name] ?? '').toLowerCase().includes(wanted),
  );
}

/**
 * Sort by the one sort rule (a string `name` or `-name`, or `{propertyName, direction}`); records
 * without the value come last; ties by id, as the default order is.
 */
export function sortContacts(
  definitions: Definitions,
  contacts: [string, Record<string, string>][],
  sort: SearchSort | undefined,
): [string, Record<string, string>][] {
  const byId = (a: [string, unknown], b: [string, unknown]) => Number(a[0]) - Number(b[0]);
  if (sort === undefined) return [...contacts].sort(byId);
  const name = typeof sort === 'string' ? sort.replace(/^-/, '') : sort.propertyName;
  const descending =
    typeof sort === 'string' ? sort.startsWith('-') : sort.direction === 'DESCENDING';
  return [...contacts].sort((a, b) => {
    const va = a[1][name];
    const vb = b[1][name];
    const hasA = va !== undefined && va !== '';
    const hasB = vb !== undefined && vb !== '';
    if (hasA !== hasB) return hasA ? -1 : 1;
    if (!hasA || !hasB) return byId(a, b);
    const order = compare(comparable(definitions, name, va), comparable(definitions, name, vb));
    return order === 0 ? byId(a, b) : descending ? -order : order;
  });
}
