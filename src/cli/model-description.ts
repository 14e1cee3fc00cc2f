import { CHANNELS, type ScoringModel } from '../model/index.ts';
import type { CompiledModel } from '../scoring/index.ts';

function describeGroups(groups: ScoringModel['fit']['groups'], indent: string, lines: string[]) {
  const groupWidth = longest(groups.map((g) => g.id));
  for (const group of groups) {
    const knockouts = group.criteria.filter((c) => c.knockout).length;
    const details = [
      plural(group.criteria.length, 'criterion', 'criteria'),
      knockouts > 0 ? plural(knockouts, 'knockout') : '',
      limits(group.min, group.max),
    ].filter(Boolean);
    lines.push(`${indent}${group.id.padEnd(groupWidth)}  ${group.label}: ${details.join(', ')}`);
  }
}

/**
 * A model in a few lines, for `validate-model`: enough for an admin to see that the file
 * says what they meant (groups, channels, tiers, the properties HubSpot must send).
 */
export function describeModel(compiled: CompiledModel, source: string): string {
  const { model } = compiled;
  const lines = [`${source}: valid scoring model "${model.name}"`];
  if (model.description) lines.push(`  ${model.description.trim()}`);

  if (model.fit.profiles) {
    lines.push('', `Fit profiles (${model.fit.profiles.length}), the best one counts:`);
    for (const profile of model.fit.profiles) {
      lines.push(`  ${profile.id}  ${profile.label}: ${plural(profile.groups.length, 'group')}`);
      describeGroups(profile.groups, '    ', lines);
    }
    const pinnedBy = model.fit.pinnedBy;
    if (pinnedBy) {
      const pinned = Object.keys(pinnedBy.profiles).join(', ');
      lines.push(`  Pinned by ${pinnedBy.property}: its value names the profile (${pinned})`);
    }
  } else {
    lines.push('', `Fit groups (${model.fit.groups.length}):`);
    describeGroups(model.fit.groups, '  ', lines);
  }

  lines.push('', `Engagement touchpoints (${model.engagement.touchpoints.length}) per channel:`);
  const channelWidth = longest([...CHANNELS]);
  for (const channel of CHANNELS) {
    const touchpoints = model.engagement.touchpoints.filter((t) => t.channel === channel);
    const limit = model.engagement.channels[channel];
    if (touchpoints.length === 0 && !limit) continue;
    const cap = limit ? `, at most ${limit.max} points` : '';
    const ids = touchpoints.length > 0 ? ` (${touchpoints.map((t) => t.id).join(', ')})` : '';
    lines.push(
      `  ${channel.padEnd(channelWidth)}  ${plural(touchpoints.length, 'touchpoint')}${cap}${ids}`,
    );
  }
  if (model.engagement.inactivity) lines.push(`  Inactivity: ${describeInactivity(model)}`);

  lines.push('', `Tiers: ${describeTiers(model)}`);
  lines.push(`Score range: ${model.score.min} to ${model.score.max}`);
  lines.push(
    '',
    `Properties read (${compiled.properties.length}):`,
    ...wrap(compiled.properties, 96).map((line) => `  ${line}`),
  );
  if (compiled.historyProperties.length > 0) {
    lines.push(
      `With every past value (property history, HubSpot batch reads of 50): ${compiled.historyProperties.join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function describeInactivity(model: ScoringModel): string {
  return model.engagement
    .inactivity!.steps.map((s) => `-${Math.round(s.reduceBy * 100)}% after ${s.afterDays} days`)
    .join(', ');
}

function describeTiers(model: ScoringModel): string {
  const tiers = model.tiers.map((t) =>
    t.minScore === undefined ? `${t.name} (the rest)` : `${t.name} >= ${t.minScore}`,
  );
  return [...tiers, 'disqualified (knockouts)'].join(', ');
}

function limits(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `limited to ${min}..${max} points`;
  if (min !== undefined) return `at least ${min} points`;
  if (max !== undefined) return `at most ${max} points`;
  return '';
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function longest(words: readonly string[]): number {
  return Math.max(0, ...words.map((w) => w.length));
}

/** Comma-separated names, broken into lines of at most `width` characters. */
function wrap(names: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    const next = line ? `${line}, ${name}` : name;
    if (line && next.length > width) {
      lines.push(`${line},`);
      line = name;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}
