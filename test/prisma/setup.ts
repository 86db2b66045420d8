import { generateFixtureClients } from './generate';

/** Vitest global setup: the fixture projects import clients that `prisma generate` writes. */
export default function setup(): void {
  generateFixtureClients();
}
