import type { BreakdownEntry } from './breakdown.ts';
import type { CompiledModel, ProfileFit, ScoringPass } from './compiled-model.ts';
import { scoreFitGroups, type Reading } from './fit-score.ts';
import { readText, type PropertyValue } from './hubspot-values.ts';

/**
 * Several fit profiles (job families, vacancies): every profile's fit is worked out from the
 * same readings, then one counts. A profile that `fit.pinnedBy` names counts whatever its fit
 * (the candidate is linked to that vacancy); otherwise the best one: the highest fit among the
 * profiles without a knockout, and a knocked-out one only when every profile is knocked out.
 * Ties go to the profile listed first, so the choice never depends on anything but the model.
 *
 * Only the counting profile writes breakdown lines (a second pass over its groups), so the
 * breakdown still adds up to the score. Date windows of every profile shorten `reviewAt`: when
 * one closes, another profile may become the best.
 */
export function scoreFitProfiles(
  compiled: CompiledModel,
  readings: readonly Reading[],
  values: readonly PropertyValue[],
  now: number,
  breakdown: BreakdownEntry[] | undefined,
  pass: ScoringPass,
): number {
  const profiles = compiled.profiles!;
  const { profileCents, profileKnockedOut } = compiled.scratch;
  let best = -1;
  for (let p = 0; p < profiles.length; p++) {
    pass.knockedOut = false;
    const cents = scoreFitGroups(profiles[p]!.fitGroups, readings, values, now, undefined, pass);
    profileCents[p] = cents;
    profileKnockedOut[p] = pass.knockedOut ? 1 : 0;
    if (best < 0 || beats(p, best, profileCents, profileKnockedOut)) best = p;
  }
  const pinned = pinnedProfile(compiled, values);
  const counting = pinned >= 0 ? pinned : best;
  pass.pinnedProfile = pinned;
  pass.profile = counting;
  pass.knockedOut = profileKnockedOut[counting] === 1;
  if (breakdown !== undefined) {
    scoreFitGroups(profiles[counting]!.fitGroups, readings, values, now, breakdown, pass);
    pass.knockedOut = profileKnockedOut[counting] === 1;
  }
  return profileCents[counting]!;
}

/** A profile without a knockout beats one with; then the higher fit; ties keep the first. */
function beats(p: number, best: number, cents: Float64Array, knockedOut: Uint8Array): boolean {
  if (knockedOut[p] !== knockedOut[best]) return knockedOut[p] === 0;
  return cents[p]! > cents[best]!;
}

function pinnedProfile(compiled: CompiledModel, values: readonly PropertyValue[]): number {
  if (compiled.pinnedProfileOf === undefined) return -1;
  const text = readText(values[compiled.pinSource]);
  return text === undefined ? -1 : compiled.pinnedProfileOf(text);
}

/** Every profile's fit of the last scoring call, in the model's order (for the score's output). */
export function profileFits(compiled: CompiledModel, pass: ScoringPass): ProfileFit[] {
  const profiles = compiled.profiles!;
  const { profileCents, profileKnockedOut } = compiled.scratch;
  const fits: ProfileFit[] = new Array<ProfileFit>(profiles.length);
  for (let p = 0; p < profiles.length; p++) {
    fits[p] = {
      id: profiles[p]!.id,
      label: profiles[p]!.label,
      fit: profileCents[p]! / 100 + 0,
      knockedOut: profileKnockedOut[p] === 1,
      pinned: p === pass.pinnedProfile,
    };
  }
  return fits;
}
