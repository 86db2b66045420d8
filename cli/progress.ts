/** Files analysed / total on one rewritten stderr line, for runs long enough to wonder about. */
export interface Progress {
  update(project: string, done: number, total: number): void;
  /** Clears the line before the report is printed. */
  clear(): void;
}

const SILENT: Progress = { update: () => undefined, clear: () => undefined };
/** Nothing is drawn before this: short runs stay quiet. */
const DELAY_MS = 500;
const INTERVAL_MS = 100;

/**
 * Progress on stderr only when a person is watching it: stderr is a terminal, the report is for
 * people (text format), and this is not CI. Anything else gets no progress output at all.
 */
export function progressFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv, format: string, now: () => number = Date.now): Progress {
  if (!stream.isTTY || format !== 'text' || isCi(env)) return SILENT;
  const started = now();
  let drawn = 0;
  let visible = false;
  return {
    update(project, done, total) {
      const time = now();
      if (time - started < DELAY_MS || (time - drawn < INTERVAL_MS && done < total)) return;
      drawn = time;
      visible = true;
      stream.write(`\r\u001b[2Khotpath: ${project}: ${done}/${total} files analysed`);
    },
    clear() {
      if (visible) stream.write('\r\u001b[2K');
      visible = false;
    },
  };
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env['CI'];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
