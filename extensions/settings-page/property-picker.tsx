import { Select } from '@hubspot/ui-extensions';
import { protectedGroundOf } from '../../src/model/protected-attributes.ts';
import type { PropertyInfo } from '../../src/settings-api/settings-contract.ts';
import { fieldMessage, valueAt, type Path } from './model-draft.ts';
import { fieldId, type Editing } from './editing.ts';
import { TextField } from './form-fields.tsx';

/** The account's property of that name, if it has one. */
export function accountProperty(editing: Editing, name: string): PropertyInfo | undefined {
  return editing.properties.find((p) => p.name === name);
}

/**
 * Picks one of the account's own contact properties, showing its type and options. A property
 * the account lacks stays chosen but is flagged; a protected attribute is flagged at once (the
 * backend refuses it when it validates, with the model file's message).
 */
export function PropertyPicker({
  editing,
  path,
  label,
}: {
  editing: Editing;
  path: Path;
  label?: string;
}) {
  const { messages } = editing;
  const name =
    typeof valueAt(editing.model, path) === 'string'
      ? (valueAt(editing.model, path) as string)
      : '';
  if (editing.properties.length === 0) {
    // The property list could not be read: the name is typed instead.
    return <TextField editing={editing} path={path} label={label ?? messages.property} />;
  }
  const chosen = accountProperty(editing, name);
  const missing = name !== '' && (editing.missingProperties.includes(name) || chosen === undefined);
  const ground = name === '' ? undefined : protectedGroundOf(name);
  const flags = [
    ground !== undefined
      ? messages.protectedProperty(name, messages.protectedGrounds[ground])
      : undefined,
    missing ? messages.missingProperty(name) : undefined,
    fieldMessage(editing.problems, path),
  ].filter((flag): flag is string => flag !== undefined);
  const options = [
    ...(missing ? [{ label: name, value: name }] : []),
    ...editing.properties.map((p) => ({ label: `${p.label} (${p.name})`, value: p.name })),
  ];
  const id = fieldId(path);
  return (
    <Select
      name={id}
      testId={id}
      label={label ?? messages.property}
      placeholder={messages.noProperty}
      options={options}
      value={name}
      {...(chosen && { description: messages.propertyType(chosen.type, chosen.options.length) })}
      {...(flags.length > 0 && { error: true, validationMessage: flags.join(' ') })}
      onChange={(next) => editing.edit(path, String(next))}
    />
  );
}
