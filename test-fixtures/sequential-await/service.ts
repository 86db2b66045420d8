import * as repo from './repository';
import {
  countOpenOrders,
  createPost,
  findUserByEmail,
  findUserById,
  listOrdersForCustomer,
  postRepository,
  updateUserName,
} from './repository';

class NotFoundError extends Error {}

// two independent repository reads (Prisma under the hood): flagged
export async function getDashboard(userId: string) {
  const user = await findUserById(userId);
  const orders = await listOrdersForCustomer(userId); // expect: sequential-await
  return { user, orders };
}

// repository reads through a namespace import, one Prisma and one pg: flagged
export async function getAdminHome(adminId: string) {
  const admin = await repo.findUserById(adminId);
  const openOrders = await repo.countOpenOrders(); // expect: sequential-await
  return { admin, openOrders };
}

// three independent reads through repository class methods and functions: one finding, on the second
export async function getAuthorPage(authorId: string) {
  const published = await postRepository.listPublished(10);
  const postCount = await postRepository.countByAuthor(authorId); // expect: sequential-await
  const openOrders = await countOpenOrders();
  return { published, postCount, openOrders };
}

// second repository read needs the user's id: silent
export async function getOrdersByEmail(email: string) {
  const user = await findUserByEmail(email);
  const orders = await listOrdersForCustomer(user.id);
  return orders;
}

// a guard on the first result sits between the repository reads: silent
export async function getProfile(userId: string) {
  const user = await findUserById(userId);
  if (!user) throw new NotFoundError('user');
  const published = await postRepository.listPublished(5);
  return { user, published };
}

// repository read then repository write: silent
export async function rename(userId: string, name: string) {
  const before = await findUserById(userId);
  await updateUserName(userId, name);
  return { previousName: before?.name ?? null, name };
}

// a repository write between two repository reads: silent
export async function draftAndList(authorId: string, title: string) {
  const author = await findUserById(authorId);
  const draft = await createPost(authorId, title);
  const openOrders = await countOpenOrders();
  return { author, draft, openOrders };
}
