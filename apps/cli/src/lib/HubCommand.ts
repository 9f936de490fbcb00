// Base of every command: common flags, the backend (direct or HTTP), output in text or JSON,
// confirmation, progress, and errors as one line with exit 1 (failure) or 2 (usage).
import { Command, Flags, Interfaces } from '@oclif/core';
import { openBackend, type OpenOptions } from './backend/openBackend.js';
import type { Backend } from './backend/types.js';
import { confirm } from './confirm.js';
import { describeError, formatError } from './errors.js';
import { startProgress, type Progress } from './progress.js';
import { loadSettings, type Settings } from './settings.js';

export const hostFlags = {
  dir: Flags.string({ description: 'host folder (default: nearest package.json depending on @hub/core or @hub/module-base; apps/hub in the monorepo)', helpGroup: 'HOST' }),
  token: Flags.string({ description: 'API token for a running server (default HUB_TOKEN)', helpGroup: 'HOST' }),
  url: Flags.string({ description: 'work through this server\'s API instead of the database (default HUB_URL)', helpGroup: 'HOST' }),
};
export const jsonFlag = { json: Flags.boolean({ description: 'print JSON on stdout (errors too: {"error": {...}})' }) };
export const yesFlag = { yes: Flags.boolean({ char: 'y', description: 'do not ask for confirmation (needed off a terminal)' }) };

export abstract class HubCommand extends Command {
  public jsonMode = false;
  private backendPromise?: Promise<Backend>;

  protected settings(flags: { dir?: string; token?: string; url?: string }): Settings {
    return loadSettings(flags);
  }

  protected backend(flags: { dir?: string; token?: string; url?: string }, options?: OpenOptions): Promise<Backend> {
    this.backendPromise ??= openBackend(this.settings(flags), options);
    return this.backendPromise;
  }

  public print(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }

  public printJson(value: unknown): void {
    process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  }

  /** JSON when --json, else the text. */
  public output(value: unknown, text: () => string): void {
    if (this.jsonMode) this.printJson(value);
    else this.print(text());
  }

  public note(text: string): void {
    if (!this.jsonMode) process.stderr.write(text + '\n');
  }

  public confirm(question: string, what: string, yes: boolean | undefined) {
    return confirm(question, what, { yes });
  }

  public progress(label: string): Promise<Progress> {
    return startProgress(label, { enabled: !this.jsonMode });
  }

  /** Declined at the prompt: nothing was done, exit 1. */
  public declined(): void {
    process.stderr.write('Aborted: nothing was changed.\n');
    process.exitCode = 1;
  }

  protected async init(): Promise<void> {
    await super.init();
    this.jsonMode = this.argv.includes('--json');
  }

  protected async catch(err: Interfaces.CommandError): Promise<any> {
    // A parse error is reported here; oclif would add an "did not parse its arguments" warning.
    (this as unknown as { parsed: boolean }).parsed = true;
    const d = describeError(err);
    if (this.jsonMode) this.printJson({ error: { code: d.code, message: d.message, hint: d.hint } });
    process.stderr.write(formatError(err) + '\n');
    if (process.env.HUB_DEBUG) process.stderr.write(String((err as Error).stack) + '\n');
    process.exitCode = d.exit;
  }

  protected async finally(err: Error | undefined): Promise<any> {
    if (this.backendPromise) {
      const backend = await this.backendPromise.catch(() => undefined);
      await backend?.close().catch(() => {});
    }
    return super.finally(err);
  }
}
