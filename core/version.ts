import packageJson from '../package.json';

/** hotpath's version, part of every report and of cache keys. */
export const VERSION: string = packageJson.version;
