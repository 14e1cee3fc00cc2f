/**
 * The contact property definitions a fresh sandbox account knows: HubSpot's defaults that
 * recruitment scoring reads, plus `years_of_experience`, the custom property our model uses.
 * HubSpot calculates the analytics, email and conversion counters itself (read-only values):
 * an app writing them gets a 400, so the sandbox refuses them too; tests set them directly.
 */

export interface SandboxOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

export interface SandboxProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  options: SandboxOption[];
  displayOrder: number;
  hidden: boolean;
  formField: boolean;
  hasUniqueValue: boolean;
  calculated: boolean;
  externalOptions: boolean;
  hubspotDefined: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  modificationMetadata: {
    archivable: boolean;
    readOnlyDefinition: boolean;
    readOnlyValue: boolean;
    readOnlyOptions?: boolean;
  };
}

type Kind = 'string' | 'number' | 'datetime' | 'enumeration';
const FIELD_TYPE: Record<Kind, string> = {
  string: 'text',
  number: 'number',
  datetime: 'date',
  enumeration: 'select',
};

const options = (...values: string[]): SandboxOption[] =>
  values.map((value, i) => ({
    label: value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' '),
    value,
    displayOrder: i,
    hidden: false,
  }));

// [name, type, group, readOnlyValue, options?]
const DEFAULTS: [string, Kind, string, boolean, SandboxOption[]?][] = [
  ['hs_object_id', 'number', 'contactinformation', true],
  ['createdate', 'datetime', 'contactinformation', false],
  ['lastmodifieddate', 'datetime', 'contactinformation', true],
  ['firstname', 'string', 'contactinformation', false],
  ['lastname', 'string', 'contactinformation', false],
  ['email', 'string', 'contactinformation', false],
  ['phone', 'string', 'contactinformation', false],
  ['company', 'string', 'contactinformation', false],
  ['jobtitle', 'string', 'contactinformation', false],
  ['industry', 'string', 'contactinformation', false],
  ['city', 'string', 'contactinformation', false],
  ['state', 'string', 'contactinformation', false],
  ['country', 'string', 'contactinformation', false],
  ['zip', 'string', 'contactinformation', false],
  ['hs_language', 'string', 'contactinformation', false],
  [
    'lifecyclestage',
    'enumeration',
    'contactinformation',
    false,
    options(
      'subscriber',
      'lead',
      'marketingqualifiedlead',
      'salesqualifiedlead',
      'opportunity',
      'customer',
      'evangelist',
      'other',
    ),
  ],
  [
    'hs_lead_status',
    'enumeration',
    'sales_properties',
    false,
    options(
      'NEW',
      'OPEN',
      'IN_PROGRESS',
      'OPEN_DEAL',
      'UNQUALIFIED',
      'ATTEMPTED_TO_CONTACT',
      'CONNECTED',
      'BAD_TIMING',
    ),
  ],
  ['years_of_experience', 'number', 'contactinformation', false],
  ['hs_analytics_num_page_views', 'number', 'analyticsinformation', true],
  ['hs_analytics_num_visits', 'number', 'analyticsinformation', true],
  ['hs_analytics_last_visit_timestamp', 'datetime', 'analyticsinformation', true],
  ['hs_analytics_last_timestamp', 'datetime', 'analyticsinformation', true],
  ['hs_analytics_first_timestamp', 'datetime', 'analyticsinformation', true],
  ['hs_analytics_last_url', 'string', 'analyticsinformation', true],
  // Every template reads the first page a candidate came in on (the vacancy they found).
  ['hs_analytics_first_url', 'string', 'analyticsinformation', true],
  [
    'hs_analytics_source',
    'enumeration',
    'analyticsinformation',
    true,
    options(
      'ORGANIC_SEARCH',
      'PAID_SEARCH',
      'EMAIL_MARKETING',
      'SOCIAL_MEDIA',
      'REFERRALS',
      'OTHER_CAMPAIGNS',
      'DIRECT_TRAFFIC',
      'OFFLINE',
      'PAID_SOCIAL',
    ),
  ],
  ['hs_email_open', 'number', 'emailinformation', true],
  ['hs_email_click', 'number', 'emailinformation', true],
  ['hs_email_replied', 'number', 'emailinformation', true],
  ['hs_email_delivered', 'number', 'emailinformation', true],
  ['hs_email_bounce', 'number', 'emailinformation', true],
  ['hs_email_last_open_date', 'datetime', 'emailinformation', true],
  ['hs_email_last_click_date', 'datetime', 'emailinformation', true],
  ['hs_email_last_reply_date', 'datetime', 'emailinformation', true],
  ['hs_email_sends_since_last_engagement', 'number', 'emailinformation', true],
  ['num_conversion_events', 'number', 'conversioninformation', true],
  ['num_unique_conversion_events', 'number', 'conversioninformation', true],
  ['recent_conversion_event_name', 'string', 'conversioninformation', true],
  ['recent_conversion_date', 'datetime', 'conversioninformation', true],
  ['first_conversion_event_name', 'string', 'conversioninformation', true],
  ['first_conversion_date', 'datetime', 'conversioninformation', true],
  ['hs_social_num_broadcast_clicks', 'number', 'socialmediainformation', true],
  ['hs_social_linkedin_clicks', 'number', 'socialmediainformation', true],
  ['hs_social_last_engagement', 'datetime', 'socialmediainformation', true],
  ['hs_last_sales_activity_timestamp', 'datetime', 'sales_properties', true],
  ['notes_last_contacted', 'datetime', 'sales_properties', true],
  ['num_contacted_notes', 'number', 'sales_properties', true],
  ['engagements_last_meeting_booked', 'datetime', 'sales_properties', true],
  ['hs_sales_email_last_replied', 'datetime', 'sales_properties', true],
];

export const DEFAULT_PROPERTY_GROUPS = [
  'contactinformation',
  'analyticsinformation',
  'emailinformation',
  'conversioninformation',
  'socialmediainformation',
  'sales_properties',
];

/** The properties HubSpot returns when a request names none. */
export const DEFAULT_RETURNED_PROPERTIES = [
  'createdate',
  'email',
  'firstname',
  'hs_object_id',
  'lastmodifieddate',
  'lastname',
];

export function defaultContactProperties(createdAt: string): SandboxProperty[] {
  return DEFAULTS.map(([name, type, groupName, readOnlyValue, opts], i) =>
    newProperty(
      {
        name,
        label: name,
        type,
        fieldType: FIELD_TYPE[type],
        groupName,
        description: '',
        options: opts ?? [],
        displayOrder: i,
      },
      createdAt,
      { hubspotDefined: name !== 'years_of_experience', readOnlyValue },
    ),
  );
}

export function newProperty(
  input: Pick<SandboxProperty, 'name' | 'label' | 'type' | 'fieldType' | 'groupName'> &
    Partial<SandboxProperty>,
  createdAt: string,
  flags: { hubspotDefined?: boolean; readOnlyValue?: boolean } = {},
): SandboxProperty {
  return {
    description: '',
    options: [],
    displayOrder: -1,
    hidden: false,
    formField: false,
    hasUniqueValue: false,
    calculated: false,
    externalOptions: false,
    archived: false,
    ...input,
    hubspotDefined: flags.hubspotDefined ?? false,
    createdAt,
    updatedAt: createdAt,
    modificationMetadata: {
      archivable: !flags.hubspotDefined,
      readOnlyDefinition: Boolean(flags.hubspotDefined),
      readOnlyValue: Boolean(flags.readOnlyValue),
    },
  };
}
