import type { ContactProperties, PropertyValue } from './hubspot-values.ts';

/**
 * Copies the properties a model reads out of a contact into numbered slots, each read once.
 *
 * Scoring reads some 25 properties per contact, several of them twice. `properties[name]` with
 * a name from a list is a keyed lookup that V8 cannot specialise (about 11 ns each); a function
 * that names each property in its source (`properties["country"]`) reads them with inline caches
 * (about 1 ns each). So the reader is generated once per model, like a compiled query.
 *
 * Safe to generate: every name must be a HubSpot internal name (`[a-z0-9_]`, which the model
 * schema already demands) and is written into the source as a JSON string literal.
 */
export interface PropertyReader {
  /** The property names, in slot order. */
  readonly names: readonly string[];
  /** Slot of a property name, or undefined when the reader does not read it. */
  slotOf(name: string): number | undefined;
  /** Fills `into[slot]` with each property's value (undefined when the contact lacks it). */
  read(properties: ContactProperties, into: PropertyValue[]): void;
}

const INTERNAL_NAME = /^[a-z0-9_]{1,100}$/;

export function compilePropertyReader(names: Iterable<string>): PropertyReader {
  const list = [...new Set(names)];
  const slots = new Map(list.map((name, slot) => [name, slot]));
  for (const name of list) {
    if (!INTERNAL_NAME.test(name)) throw new Error(`not a HubSpot internal name: ${name}`);
  }
  const body = list.map((name, slot) => {
    const key = JSON.stringify(name);
    // "constructor" or "__proto__" would otherwise read Object.prototype's, not the contact's.
    const value =
      name in Object.prototype
        ? `(Object.hasOwn(properties, ${key}) ? properties[${key}] : undefined)`
        : `properties[${key}]`;
    return `into[${slot}] = ${value};`;
  });
  const read = new Function('properties', 'into', body.join('\n')) as PropertyReader['read'];
  return { names: list, slotOf: (name) => slots.get(name), read };
}
