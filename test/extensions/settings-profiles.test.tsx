import { Accordion, Button, Input, NumberInput, Select } from '@hubspot/ui-extensions';
import { parse } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { anOverview, SMALL_MODEL_YAML, T0 } from './settings-builders.ts';
import { FakeSettingsFetch } from './settings-fake-fetch.ts';
import {
  NO_PROPERTIES,
  OVERVIEW,
  PROPERTIES,
  renderPage,
  typeInto,
  VALID,
  VALIDATE,
} from './settings-render.tsx';

/** The small model with its one group split into two job families. */
const PROFILES_YAML = SMALL_MODEL_YAML.replace(
  /fit:\n {2}groups:\n([\s\S]*?)engagement:/,
  (_, group: string) => {
    const indented = group.replace(/^(?=.)/gm, '    ');
    const second = indented
      .replace('lives-in-netherlands', 'nurse-in-netherlands')
      .replace('points: 20', 'points: 15');
    return `fit:\n  profiles:\n    - id: developers\n      label: Developers\n      groups:\n${indented}    - id: nurses\n      label: Nurses\n      groups:\n${second}engagement:`;
  },
);

function account(yaml: string) {
  return new FakeSettingsFetch()
    .answer(
      OVERVIEW,
      200,
      anOverview({ draft: { modelYaml: yaml, savedBy: '1', savedAt: T0, problems: [] } }),
    )
    .answer(PROPERTIES, 200, NO_PROPERTIES)
    .always(VALIDATE, 200, VALID);
}

const validated = (backend: FakeSettingsFetch) =>
  parse((backend.callsTo(VALIDATE).at(-1)!.body as { modelYaml: string }).modelYaml) as Record<
    string,
    unknown
  >;

describe('the settings page: several fit profiles, touchpoints added and removed', () => {
  it('shows each profile with its own criteria and edits one profile only', async () => {
    const backend = account(PROFILES_YAML);
    const renderer = renderPage(backend);
    const second = 'field-fit.profiles[1].groups[0].criteria[0]';
    await renderer.waitFor(() => renderer.findByTestId(NumberInput, `${second}.points`));
    expect(
      renderer
        .findAll(Accordion)
        .filter((a) => a.props.testId?.endsWith('-profile'))
        .map((a) => a.props.title),
    ).toEqual(['Profile: Developers', 'Profile: Nurses']);
    // No property list could be read: the property is typed.
    expect(renderer.findByTestId(Input, `${second}.property`).props.value).toBe('country');
    typeInto(renderer.findByTestId(NumberInput, `${second}.points`), 18);
    await vi.waitFor(() =>
      expect(validated(backend).fit).toMatchObject({
        profiles: [
          { id: 'developers', groups: [{ criteria: [{ points: 20 }] }] },
          { id: 'nurses', groups: [{ criteria: [{ points: 18 }] }] },
        ],
      }),
    );
  });

  it('adds a touchpoint with an id of its own and removes one', async () => {
    const backend = account(SMALL_MODEL_YAML);
    const renderer = renderPage(backend);
    await renderer.waitFor(() => renderer.findByTestId(Button, 'field-engagement.touchpoints-add'));
    renderer.findByTestId(Button, 'field-engagement.touchpoints-add').trigger('onClick');
    await renderer.waitFor(() =>
      renderer.findByTestId(Select, 'field-engagement.touchpoints[1].channel'),
    );
    renderer.findByTestId(Button, 'field-engagement.touchpoints[0]-remove').trigger('onClick');
    await vi.waitFor(() =>
      expect(validated(backend).engagement).toMatchObject({
        touchpoints: [{ id: 'touchpoint-1', channel: 'web', points: 1 }],
      }),
    );
    expect((validated(backend).engagement as { touchpoints: unknown[] }).touchpoints).toHaveLength(
      1,
    );
  });
});
