// dist/server.js, the language server's entry point: the server runs from the engine bundle
// (dist/engine.js) that the CLI loads too, so TypeScript and the engine ship once for both.
import { startServer } from '../cli/engine';

startServer();
