import { Flags } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';

export default class TokenCreate extends HubCommand {
  static summary = 'Create a personal API token (printed once; use it as HUB_TOKEN or "Authorization: Bearer").';
  static description = [
    'On the database (DATABASE_URL, or the embedded database when no server holds it): a token for the user --email.',
    'Against a running server: logs in with --email/--password (or HUB_ADMIN_EMAIL/HUB_ADMIN_PASSWORD), or uses HUB_TOKEN, and creates a token for that user.',
  ].join('\n');
  static examples = [
    '<%= config.bin %> token create --email admin@example.com',
    'export HUB_TOKEN=$(<%= config.bin %> token create --email admin@example.com --password "$PW" --json | jq -r .token)',
  ];
  static flags = {
    email: Flags.string({ description: 'user (default HUB_ADMIN_EMAIL)' }),
    password: Flags.string({ description: 'password, to log in to a running server (default HUB_ADMIN_PASSWORD)' }),
    name: Flags.string({ description: 'token name', default: 'cli' }),
    ...jsonFlag, ...hostFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(TokenCreate);
    const email = flags.email ?? process.env.HUB_ADMIN_EMAIL;
    const password = flags.password ?? process.env.HUB_ADMIN_PASSWORD;
    const backend = await this.backend(flags, { login: { email, password } });
    const token = await backend.createToken({ email, name: flags.name });
    this.output(token, () => token.token);
  }
}
