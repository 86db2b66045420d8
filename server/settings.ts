/** The `hotpath.*` settings the server reads (`hotpath.trace.server` is the client's). */
export interface Settings {
  readonly enable: boolean;
  /** A `hotpath.json` to use instead of the one at each project's root: absolute, or relative to the workspace folder. */
  readonly configPath?: string;
  /** When an open document is analysed: after each edit (debounced), or when it is saved. */
  readonly run: 'onType' | 'onSave';
}

export const DEFAULT_SETTINGS: Settings = { enable: true, run: 'onType' };

/** Asks the client for the `hotpath` section in the scope of a URI (`workspace/configuration`). */
export type SettingsFetcher = (scopeUri: string) => Promise<unknown>;

/**
 * Settings per document URI, asked for once and kept until the client says they changed. Without
 * a fetcher (a client with no `workspace/configuration`) every document gets the defaults.
 */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();

  constructor(private readonly fetch: SettingsFetcher | undefined) {}

  get(uri: string): Promise<Settings> {
    if (!this.fetch) return Promise.resolve(DEFAULT_SETTINGS);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.fetch(uri).then(parseSettings, () => DEFAULT_SETTINGS);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}

/** Reads what the client sent, keeping the default for anything missing or of the wrong type. */
export function parseSettings(raw: unknown): Settings {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_SETTINGS;
  const { enable, configPath, run } = raw as Record<string, unknown>;
  return {
    enable: typeof enable === 'boolean' ? enable : DEFAULT_SETTINGS.enable,
    run: run === 'onSave' || run === 'onType' ? run : DEFAULT_SETTINGS.run,
    ...(typeof configPath === 'string' && configPath.trim() !== '' ? { configPath: configPath.trim() } : {}),
  };
}
