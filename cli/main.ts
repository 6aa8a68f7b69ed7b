/**
 * The `ciao` command line. Each command group lives in its own module; this file only assembles them.
 */
import { Command } from 'commander';
import { isCiaoError } from '../domain/errors';
import { registerAdminCommands } from './admin-commands';
import { registerConfigCommand } from './config-command';
import { registerDagCommands } from './dag-commands';
import { registerLoadgenCommand } from './loadgen-command';
import { registerModelCommands } from './model';
import { registerPlacesCommands } from './places-commands';
import { registerProductsCommands } from './products-commands';
import { registerStackCommands } from './stack-commands';
import { registerScheduleCommands } from './schedule-commands';
import { registerStartCommand } from './start-command';

const program = new Command('ciao')
  .description('Ciao label la: data platform and eco service — DAGs on Temporal, local stack, tools')
  .showHelpAfterError();

registerDagCommands(program);
registerModelCommands(program);
registerStackCommands(program);
registerScheduleCommands(program);
registerStartCommand(program);
registerConfigCommand(program);
registerLoadgenCommand(program);
registerAdminCommands(program);
registerProductsCommands(program);
registerPlacesCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (isCiaoError(err)) console.error(`error ${err.code}: ${err.message}`);
  else console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
