import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Plan } from './generated/prisma/client';

const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });

// a relation's foreign key declared in another file of the folder: no index
export async function projectsOf(accountId: string) {
  return prisma.project.findMany({ where: { accountId } }); // expect: unindexed-sql
}

// @@index([name]) in the model's file: silent
export async function projectsNamed(name: string) {
  return prisma.project.findMany({ where: { name } });
}

// @unique in the other file: silent
export async function accountByEmail(email: string) {
  return prisma.account.findUnique({ where: { email } });
}

// an enum column of the other file, with no index
export async function accountsOn(plan: Plan) {
  return prisma.account.findMany({ where: { plan } }); // expect: unindexed-sql
}
