import { fileURLToPath } from 'node:url';
import { runHubSpotProjectCommand } from '../src/hubspot-project/index.ts';

// `npm run hubspot:project [-- --model FILE --out DIR --private --base-url URL --app-function]`
process.exitCode = await runHubSpotProjectCommand(process.argv.slice(2), {
  rootDir: fileURLToPath(new URL('..', import.meta.url)),
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  env: process.env,
  print: (line) => console.log(line),
  printError: (line) => console.error(line),
});
