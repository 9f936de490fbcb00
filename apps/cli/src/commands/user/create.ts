import { Flags } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';

export default class UserCreate extends HubCommand {
  static summary = 'Create a user who can log in (base module).';
  static examples = [
    '<%= config.bin %> user create --email admin@example.com --password "s3cret-pass" --superuser',
    '<%= config.bin %> user create --email clerk@example.com --password "s3cret-pass" --json',
  ];
  static flags = {
    email: Flags.string({ description: 'login email', required: true }),
    password: Flags.string({ description: 'password (at least 8 characters)', required: true }),
    name: Flags.string({ description: 'display name' }),
    superuser: Flags.boolean({ description: 'every permission, including module management' }),
    ...jsonFlag, ...hostFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(UserCreate);
    const user = await (await this.backend(flags)).createUser({ email: flags.email, password: flags.password, name: flags.name, superuser: flags.superuser });
    this.output(user, () => `Created ${user.isSuperuser ? 'superuser' : 'user'} ${user.email} (id ${user.id}).`);
  }
}
