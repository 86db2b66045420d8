// Shaped like the client `prisma generate` writes from ../../../prisma/schema.prisma (models User,
// Post, Order): hotpath recognises it by its import of `@prisma/client/runtime`.
import * as runtime from '@prisma/client/runtime/client';

export type PrismaPromise<T> = runtime.PrismaPromise<T>;

export type User = { id: string; email: string; name: string | null; teamId: string | null; createdAt: Date };
export type Post = { id: number; authorId: string; title: string; published: boolean; createdAt: Date };
export type Order = { id: number; customerId: string; status: string; total: number; createdAt: Date };

type StringFilter = string | { equals?: string; in?: string[]; contains?: string; startsWith?: string };
type IntFilter = number | { equals?: number; in?: number[]; gt?: number; gte?: number; lt?: number; lte?: number };
type SortOrder = 'asc' | 'desc';
type DateFilter = Date | { equals?: Date; gt?: Date; gte?: Date; lt?: Date; lte?: Date };

export type UserWhereUniqueInput = { id?: string; email?: string };
export type UserWhereInput = { id?: StringFilter; email?: StringFilter; name?: StringFilter | null; teamId?: StringFilter | null; createdAt?: DateFilter; orders?: { some?: OrderWhereInput; none?: OrderWhereInput }; AND?: UserWhereInput[]; OR?: UserWhereInput[] };
export type PostWhereUniqueInput = { id?: number };
export type PostWhereInput = { id?: IntFilter; authorId?: StringFilter; title?: StringFilter; published?: boolean; createdAt?: DateFilter; author?: UserWhereInput; AND?: PostWhereInput[]; OR?: PostWhereInput[] };
export type OrderWhereUniqueInput = { id?: number };
export type OrderWhereInput = { id?: IntFilter; customerId?: StringFilter; status?: StringFilter; total?: IntFilter; createdAt?: DateFilter; AND?: OrderWhereInput[]; OR?: OrderWhereInput[] };

export interface UserDelegate {
  findUnique(args: { where: UserWhereUniqueInput; include?: { posts?: boolean } }): PrismaPromise<User | null>;
  findUniqueOrThrow(args: { where: UserWhereUniqueInput }): PrismaPromise<User>;
  findFirst(args?: { where?: UserWhereInput; orderBy?: { [K in keyof User]?: SortOrder } }): PrismaPromise<User | null>;
  findMany(args?: { where?: UserWhereInput; orderBy?: { [K in keyof User]?: SortOrder }; take?: number; skip?: number; cursor?: UserWhereUniqueInput; include?: { posts?: boolean } }): PrismaPromise<User[]>;
  create(args: { data: Omit<User, 'id' | 'createdAt'> & { id?: string } }): PrismaPromise<User>;
  createMany(args: { data: Array<Omit<User, 'id' | 'createdAt'>> }): PrismaPromise<{ count: number }>;
  update(args: { where: UserWhereUniqueInput; data: Partial<User> }): PrismaPromise<User>;
  updateMany(args: { where?: UserWhereInput; data: Partial<User> }): PrismaPromise<{ count: number }>;
  upsert(args: { where: UserWhereUniqueInput; create: Omit<User, 'id' | 'createdAt'>; update: Partial<User> }): PrismaPromise<User>;
  delete(args: { where: UserWhereUniqueInput }): PrismaPromise<User>;
  deleteMany(args?: { where?: UserWhereInput }): PrismaPromise<{ count: number }>;
  count(args?: { where?: UserWhereInput }): PrismaPromise<number>;
  aggregate(args: { where?: UserWhereInput; _count?: true }): PrismaPromise<{ _count: number }>;
  groupBy(args: { by: Array<keyof User>; where?: UserWhereInput }): PrismaPromise<Array<Partial<User>>>;
}

export interface PostDelegate {
  findUnique(args: { where: PostWhereUniqueInput }): PrismaPromise<Post | null>;
  findFirst(args?: { where?: PostWhereInput; orderBy?: { [K in keyof Post]?: SortOrder } }): PrismaPromise<Post | null>;
  findMany(args?: { where?: PostWhereInput; orderBy?: { [K in keyof Post]?: SortOrder }; take?: number; skip?: number; cursor?: PostWhereUniqueInput }): PrismaPromise<Post[]>;
  create(args: { data: Omit<Post, 'id' | 'createdAt'> }): PrismaPromise<Post>;
  update(args: { where: PostWhereUniqueInput; data: Partial<Post> }): PrismaPromise<Post>;
  delete(args: { where: PostWhereUniqueInput }): PrismaPromise<Post>;
  count(args?: { where?: PostWhereInput }): PrismaPromise<number>;
}

export interface OrderDelegate {
  findUnique(args: { where: OrderWhereUniqueInput }): PrismaPromise<Order | null>;
  findFirst(args?: { where?: OrderWhereInput; orderBy?: { [K in keyof Order]?: SortOrder } }): PrismaPromise<Order | null>;
  findMany(args?: { where?: OrderWhereInput; orderBy?: { [K in keyof Order]?: SortOrder }; take?: number; skip?: number; cursor?: OrderWhereUniqueInput }): PrismaPromise<Order[]>;
  create(args: { data: Omit<Order, 'id' | 'createdAt'> }): PrismaPromise<Order>;
  update(args: { where: OrderWhereUniqueInput; data: Partial<Order> }): PrismaPromise<Order>;
  updateMany(args: { where?: OrderWhereInput; data: Partial<Order> }): PrismaPromise<{ count: number }>;
  count(args?: { where?: OrderWhereInput }): PrismaPromise<number>;
}

export declare class PrismaClient {
  constructor(options?: { datasourceUrl?: string; log?: Array<'query' | 'info' | 'warn' | 'error'> });
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
  $queryRaw<T = unknown>(query: TemplateStringsArray | runtime.Sql, ...values: unknown[]): PrismaPromise<T>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PrismaPromise<T>;
  $executeRaw(query: TemplateStringsArray | runtime.Sql, ...values: unknown[]): PrismaPromise<number>;
  $executeRawUnsafe(query: string, ...values: unknown[]): PrismaPromise<number>;
  $transaction<P extends PrismaPromise<unknown>[]>(arg: [...P]): Promise<{ [K in keyof P]: Awaited<P[K]> }>;
  $transaction<R>(fn: (tx: Prisma.TransactionClient) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
  readonly user: UserDelegate;
  readonly post: PostDelegate;
  readonly order: OrderDelegate;
}

export declare namespace Prisma {
  type TransactionClient = Omit<PrismaClient, '$connect' | '$disconnect' | '$transaction'>;
}
