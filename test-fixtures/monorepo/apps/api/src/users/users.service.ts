import { Injectable } from '@/nest';
import { PrismaService } from '@/prisma.service';

@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}

  findById(id: string) {
    return this.prisma.user.findUnique({ where: { id } });
  }

  findByIds(ids: string[]) {
    return this.prisma.user.findMany({ where: { id: { in: ids } } });
  }
}
