import { Injectable } from '@nestjs/common';
import { PrismaClient } from './generated/prisma/client';

/** NestJS's Prisma service, extending the client `prisma generate` has not written yet. */
@Injectable()
export class PrismaService extends PrismaClient {}

@Injectable()
export class TeamsService {
  constructor(private readonly prisma: PrismaService) {}

  // The generated client's delegate, once per owner.
  async byOwners(ownerIds: string[]) {
    const teams = [];
    for (const ownerId of ownerIds) teams.push(await this.prisma.team.findMany({ where: { ownerId } })); // expect: n-plus-one
    return teams;
  }
}
