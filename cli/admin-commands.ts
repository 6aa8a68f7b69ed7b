/**
 * `ciao admin create <id>` and `ciao admin list`: the admin role without editing configuration. `npm start`
 * mentions `create` while nobody has the role.
 */
import type { Command } from 'commander';
import { createAdmin } from '../activities/accounts/create-admin';
import { listAdmins } from '../activities/accounts/users';
import { loadConfig } from '../infra/config';
import { createMongoStore } from '../infra/mongo';

/** Adds `ciao admin create <id> [--email] [--name]` and `ciao admin list`. */
export function registerAdminCommands(program: Command): void {
  const admin = program.command('admin').description('admins of the web admin pages (/admin)');
  admin
    .command('create <userId>')
    .description('give an existing member the admin role, or create an admin account with a one-time password')
    .option('--email <address>', 'e-mail of a new account (for the password-reset link)')
    .option('--name <name>', 'name of a new account', '관리자')
    .action(async (userId: string, opts: { email?: string; name?: string }) => {
      const config = loadConfig();
      const mongo = createMongoStore(config);
      try {
        const result = await createAdmin(mongo.db, { userId, ...(opts.email ? { email: opts.email } : {}), ...(opts.name ? { name: opts.name } : {}) });
        const login = `${config.web.publicUrl}/login`;
        if (result.created) {
          console.log(`created admin ${userId}`);
          console.log(`  one-time password: ${result.password ?? ''}   (shown once; log in at ${login}, then set your details at /mypage/profile)`);
        } else {
          console.log(`${userId} is now an admin (from the next login at ${login})`);
        }
      } finally {
        await mongo.close();
      }
    });
  admin
    .command('list')
    .description('members with the admin role, and ids configured in ADMIN_USER_IDS')
    .action(async () => {
      const config = loadConfig();
      const mongo = createMongoStore(config);
      try {
        const stored = await listAdmins(mongo.db);
        for (const id of stored) console.log(`${id}\t(role in MongoDB)`);
        for (const id of config.web.adminUserIds) console.log(`${id}\t(ADMIN_USER_IDS)`);
        if (stored.length + config.web.adminUserIds.length === 0) console.log('no admin yet: npx ciao admin create <id>');
      } finally {
        await mongo.close();
      }
    });
}
