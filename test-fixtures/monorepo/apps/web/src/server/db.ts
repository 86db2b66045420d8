export { prisma, findCustomer } from '@shop/db';
