import { findTemplate, MODEL_TEMPLATES, templateText } from '../model/index.ts';
import { parseChoice, parseCommandLine } from './arguments.ts';
import { EXIT, UsageError, type CliIo, type Command } from './cli-io.ts';

export const TEMPLATES_HELP = `Usage: recruitment-score templates [--locale en|nl]
       recruitment-score templates show ID > my-model.yaml

Lists the model templates a new install can start from (id and name), or prints one
template's model file, comments included, to edit and validate with validate-model.
Every template reads only HubSpot's default contact properties and has Dutch labels.
  --locale nl   names and descriptions in Dutch
`;

/** `templates [show ID]`: the starting points for an account's own model. */
export const templatesCommand: Command = {
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandLine(
      'templates',
      argv,
      { locale: { type: 'string' } },
      true,
    );
    if (values.help) {
      io.stdout.write(TEMPLATES_HELP);
      return EXIT.ok;
    }
    const locale = parseChoice('templates', '--locale', values.locale, ['en', 'nl'], 'en');
    const [action, id, ...extra] = positionals;
    if (action === undefined) {
      io.stdout.write(listing(locale));
      return EXIT.ok;
    }
    if (action !== 'show') {
      throw new UsageError(`templates: unknown action "${action}"; expected "show ID" or nothing`);
    }
    if (id === undefined || extra.length > 0 || !findTemplate(id)) {
      const ids = MODEL_TEMPLATES.map((t) => t.id).join(', ');
      throw new UsageError(
        id === undefined || extra.length > 0
          ? `templates show: expected one template id, one of: ${ids}`
          : `templates show: no template "${id}"; choose one of: ${ids}`,
      );
    }
    io.stdout.write(await templateText(id));
    return EXIT.ok;
  },
};

function listing(locale: 'en' | 'nl'): string {
  const width = Math.max(...MODEL_TEMPLATES.map((t) => t.id.length)) + 2;
  const lines = MODEL_TEMPLATES.map(
    (t) =>
      `  ${t.id.padEnd(width)}${t.name[locale]}\n  ${' '.repeat(width)}${t.description[locale]}`,
  );
  const hint =
    locale === 'nl'
      ? 'Sla er een op met "recruitment-score templates show ID > mijn-model.yaml".'
      : 'Save one with "recruitment-score templates show ID > my-model.yaml".';
  return `${lines.join('\n')}\n\n${hint}\n`;
}
