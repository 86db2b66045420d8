import { PrismaClient } from '../generated/prisma';
import { Pool } from 'pg';

export const prisma = new PrismaClient();
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });
