/**
 * Protected attributes are never scoring criteria (EU AI Act: recruitment scoring is high-risk;
 * equal-treatment law forbids these grounds). We recognise them by property NAME, including
 * common custom names in English and Dutch, because a property's values cannot be inspected
 * when a model is validated.
 */
export const PROTECTED_GROUNDS = {
  gender: ['gender', 'sex', 'geslacht', 'salutation', 'pronouns'],
  age: [
    'age',
    'leeftijd',
    'dob',
    'birthdate',
    'birthday',
    'dateofbirth',
    'birthyear',
    'yearofbirth',
    'geboortedatum',
    'geboortejaar',
  ],
  nationality: ['nationality', 'citizenship', 'nationaliteit', 'countryofbirth', 'placeofbirth'],
  ethnicity: ['ethnicity', 'ethnic', 'race', 'etniciteit', 'afkomst'],
  religion: ['religion', 'religious', 'faith', 'religie', 'geloof'],
  disability: ['disability', 'disabled', 'handicap', 'impairment', 'beperking'],
  'marital status': [
    'marital',
    'maritalstatus',
    'civilstatus',
    'married',
    'spouse',
    'burgerlijkestaat',
  ],
} as const satisfies Record<string, readonly string[]>;

export type ProtectedGround = keyof typeof PROTECTED_GROUNDS;

// Short words such as "age", "sex" or "race" are matched as whole words only, so that
// `hs_analytics_num_page_views` or `trace_id` are not refused; longer ones also inside a name.
const WHOLE_WORD_ONLY = 5;

/** Splits `hs_date_of_birth`, `maritalStatus` or `date-of-birth` into words. */
function words(propertyName: string): string[] {
  return propertyName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The protected ground a property name points at, or undefined. */
export function protectedGroundOf(propertyName: string): ProtectedGround | undefined {
  const parts = words(propertyName);
  const squashed = parts.join('');
  // Adjacent words joined ("date","of","birth" -> "dateofbirth") catch multi-word names.
  const joinedRuns = new Set<string>();
  for (let i = 0; i < parts.length; i++) {
    let run = '';
    for (let j = i; j < parts.length && j < i + 4; j++) {
      run += parts[j];
      joinedRuns.add(run);
    }
  }
  for (const [ground, names] of Object.entries(PROTECTED_GROUNDS) as [
    ProtectedGround,
    readonly string[],
  ][]) {
    for (const name of names) {
      if (joinedRuns.has(name)) return ground;
      if (name.length >= WHOLE_WORD_ONLY && squashed.includes(name)) return ground;
    }
  }
  return undefined;
}
