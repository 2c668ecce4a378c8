import { ZRoleSchema } from '../../server/auth/roles.ts';
import { createUser } from '../../server/auth/users.ts';
import { type CliCommand, ExitCode, parseCommandArgs, UsageError } from './command.ts';

/**
 * `users create --email --name --role`: a user who signs in with email and password. The
 * password comes from STEWARD_NEW_PASSWORD, so it is never in the shell history or `ps`.
 */
export const usersCreate: CliCommand = {
  name: 'users create',
  async run(context, args) {
    const { values } = parseCommandArgs(args, {
      positionals: [],
      options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
    });
    if (!values.email || !values.name || !values.role) {
      throw new UsageError('users create needs --email, --name and --role');
    }
    const role = ZRoleSchema.safeParse(values.role);
    if (!role.success) {
      throw new UsageError(`--role must be one of ${ZRoleSchema.options.join(', ')}`);
    }
    const password = process.env.STEWARD_NEW_PASSWORD;
    if (!password) {
      throw new UsageError(
        "set STEWARD_NEW_PASSWORD to the new user's password (at least 12 characters)",
      );
    }
    const { pool } = await context.database();
    const id = await createUser(
      pool,
      { email: values.email, name: values.name, role: role.data, password },
      context.actorId,
    );
    context.print(id);
    return ExitCode.OK;
  },
};
