import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { User } from '../generated/prisma';
import { prisma } from './db';

// Code that runs once, at start-up: its loops cost boot time, not requests.
@Injectable()
export class RoleSeeder implements OnModuleInit {
  constructor(private readonly defaults: string[]) {}

  // A NestJS lifecycle hook: silent.
  async onModuleInit(): Promise<void> {
    for (const email of this.defaults) await prisma.user.upsert({ where: { email }, create: { email, name: null, teamId: null }, update: {} });
    await this.ensureTeams(this.defaults);
    await this.syncTeams(this.defaults);
  }

  // Only the lifecycle hook calls it: silent.
  private async ensureTeams(teamIds: string[]): Promise<void> {
    for (const teamId of teamIds) await prisma.user.updateMany({ where: { teamId }, data: { teamId } });
  }

  // The hook calls it, and so does a request handler: flagged.
  async syncTeams(teamIds: string[]): Promise<void> {
    for (const teamId of teamIds) await prisma.user.updateMany({ where: { teamId }, data: { name: null } }); // expect: n-plus-one
  }

  // An event handler registered at start-up runs per event: flagged.
  async onApplicationBootstrap(events: { on(event: string, handler: (users: User[]) => Promise<void>): void }): Promise<void> {
    events.on('imported', async (users) => {
      for (const user of users) await prisma.post.create({ data: { authorId: user.id, title: 'welcome', published: false } }); // expect: n-plus-one
    });
  }
}

export async function handleRequest(seeder: RoleSeeder, teamIds: string[]): Promise<void> {
  await seeder.syncTeams(teamIds);
}

// Called only from module-level code (`main.ts`'s bootstrap): silent.
async function bootstrap(admins: string[]): Promise<void> {
  for (const email of admins) await prisma.user.findUnique({ where: { email } });
}

void bootstrap(process.argv.slice(2));

// Handed on at module level (an export, a handler table): it runs whenever it is called. Flagged.
async function handleEvent(users: User[]): Promise<void> {
  for (const user of users) await prisma.user.findUnique({ where: { id: user.id } }); // expect: n-plus-one
}
export const handlers = { imported: handleEvent };
