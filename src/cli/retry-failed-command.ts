import { parseCommandLine } from './arguments.ts';
import { EXIT, UsageError, type Command } from './cli-io.ts';
import { OPERATOR_TEXTS, withStore } from './status-command.ts';

/**
 * `retry-failed [--portal ID]`: dead letters back into the queue with fresh attempts, once
 * the cause is fixed (HubSpot back, a restored TOKEN_ENCRYPTION_KEY, a reinstalled app). Only
 * the store is touched; the running server notices within its idle poll (30 s).
 */
export const retryFailedCommand: Command = createRetryFailedCommand();

export function createRetryFailedCommand(env?: NodeJS.ProcessEnv): Command {
  return {
    async run(argv, io) {
      const { values } = parseCommandLine('retry-failed', argv, { portal: { type: 'string' } });
      if (values.help) {
        io.stdout.write(OPERATOR_TEXTS.retryHelp);
        return EXIT.ok;
      }
      const portal = values.portal;
      if (portal !== undefined && !/^\d+$/.test(portal)) {
        throw new UsageError(OPERATOR_TEXTS.badPortal(portal));
      }
      const portalId = portal === undefined ? undefined : Number(portal);
      return withStore(env, io, async (queue) => {
        const { contacts, engagements } = await queue.requeueDeadLetters(io.clock(), portalId);
        io.stdout.write(`${OPERATOR_TEXTS.requeued(contacts, engagements, portalId)}\n`);
        return EXIT.ok;
      });
    },
  };
}
