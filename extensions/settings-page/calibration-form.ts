import { protectedGroundOf } from '../../src/model/protected-attributes.ts';
import type { CalibrationRequest, PropertyInfo } from '../../src/settings-api/settings-contract.ts';
import type { SettingsMessages } from './messages/index.ts';

/** What the admin fills in before a calibration starts. */
export interface CalibrationForm {
  /** The outcome property ('' while none is chosen) and the values that count as reaching it. */
  property: string;
  values: string[];
  base: 'published' | 'draft';
  /** As typed; undefined when the field is empty. */
  maxCriteria: number | undefined;
  /** Percent (30 = 30%); undefined: hot is the top 10%. */
  hotRatePercent: number | undefined;
}

export const DEFAULT_MAX_CRITERIA = 25;

export const emptyCalibrationForm = (): CalibrationForm => ({
  property: '',
  values: [],
  base: 'published',
  maxCriteria: DEFAULT_MAX_CRITERIA,
  hotRatePercent: undefined,
});

/** Where a recruitment outcome usually lives, offered before the account's other properties. */
const USUAL_OUTCOMES = ['lifecyclestage', 'hs_lead_status'];

/**
 * The properties an outcome can be: lifecycle stage and lead status first, then the rest as the
 * account lists them. Protected attributes are left out: a model taught to predict one would
 * score candidates by it through every criterion that correlates with it.
 */
export function outcomeProperties(properties: readonly PropertyInfo[]): PropertyInfo[] {
  const allowed = properties.filter((p) => protectedGroundOf(p.name) === undefined);
  const usual = USUAL_OUTCOMES.flatMap((name) => allowed.filter((p) => p.name === name));
  return [...usual, ...allowed.filter((p) => !USUAL_OUTCOMES.includes(p.name))];
}

export interface CalibrationFormCheck {
  /** Set when the form can be sent as it is. */
  request?: CalibrationRequest;
  outcome?: string;
  maxCriteria?: string;
  hotRate?: string;
}

/** The exact request the form stands for, or what stops it, by field. */
export function checkCalibrationForm(
  form: CalibrationForm,
  messages: SettingsMessages,
): CalibrationFormCheck {
  const property = form.property.trim();
  const values = [...new Set(form.values.map((v) => v.trim()).filter((v) => v !== ''))];
  const maxCriteria = form.maxCriteria ?? DEFAULT_MAX_CRITERIA;
  const check: CalibrationFormCheck = {
    ...((property === '' || values.length === 0 || protectedGroundOf(property) !== undefined) && {
      outcome: messages.chooseOutcome,
    }),
    ...((!Number.isInteger(maxCriteria) || maxCriteria < 0 || maxCriteria > 100) && {
      maxCriteria: messages.maxCriteriaInvalid,
    }),
    ...(form.hotRatePercent !== undefined &&
      !(form.hotRatePercent > 0 && form.hotRatePercent < 100) && {
        hotRate: messages.hotRateInvalid,
      }),
  };
  if (check.outcome || check.maxCriteria || check.hotRate) return check;
  return {
    request: {
      outcome: { property, values },
      base: form.base,
      maxCriteria,
      // Percent to a share without float noise (30 → 0.3, not 0.30000000000000004).
      ...(form.hotRatePercent !== undefined && {
        hotRate: Math.round(form.hotRatePercent * 1e4) / 1e6,
      }),
    },
  };
}
