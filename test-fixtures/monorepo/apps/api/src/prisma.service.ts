import { PrismaClient } from '@prisma/client';
import { Injectable } from '@/nest';

@Injectable()
export class PrismaService extends PrismaClient {}
